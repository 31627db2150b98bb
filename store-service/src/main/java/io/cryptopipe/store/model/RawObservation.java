package io.cryptopipe.store.model;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;

import java.time.Instant;

/**
 * One stored observation of one coin in {@code market_data_raw}, identified by ({@code coin_id}, {@code timestamp}).
 * Writes go through bulk upserts built from the contract record; this class gives reads the document's shape.
 */
@MongoEntity(collection = RawObservation.COLLECTION)
public class RawObservation {

    public static final String COLLECTION = "market_data_raw";

    public ObjectId id;
    @BsonProperty("coin_id")
    public String coinId;
    public Instant timestamp;
    @BsonProperty("fetched_at")
    public Instant fetchedAt;
    public String source;
    @BsonProperty("schema_version")
    public int schemaVersion;
    public String symbol;
    public String name;
    @BsonProperty("current_price")
    public Double currentPrice;
    @BsonProperty("market_cap")
    public Double marketCap;
    @BsonProperty("market_cap_rank")
    public Integer marketCapRank;
    @BsonProperty("total_volume")
    public Double totalVolume;
    @BsonProperty("high_24h")
    public Double high24h;
    @BsonProperty("low_24h")
    public Double low24h;
    @BsonProperty("price_change_24h")
    public Double priceChange24h;
    @BsonProperty("price_change_percentage_24h")
    public Double priceChangePercentage24h;
    @BsonProperty("circulating_supply")
    public Double circulatingSupply;
}
