package io.cryptopipe.aggregate.model;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;

import java.time.Instant;

/**
 * One coin's statistics over one UTC day of observations, as stored in {@code market_data_daily} (one document per
 * {@code coin_id} and {@code date}). The job writes these documents inside the database with an aggregation
 * pipeline; this class is how the application reads them back.
 * <p>
 * {@code last_total_volume} and {@code last_market_cap} are the values of the day's last observation (the one that
 * gives {@code close_price}), so they are {@code null} when that observation had none; the averages skip missing
 * values and are {@code null} only when the whole day had none. {@code last_market_cap_rank} is the rank of that
 * observation too; the quality gate takes the day's top coins by it.
 * <p>
 * The {@code quality} sub-document (see {@link CoinQuality}) is added by the job right after the pipeline wrote the
 * statistics.
 */
// Read back through the driver's POJO codec, which needs reflection in a native image.
@RegisterForReflection
@MongoEntity(collection = "market_data_daily")
public class DailyStatistics {

    // Field names of the stored document, shared with the pipeline that writes it.
    public static final String COIN_ID = "coin_id";
    public static final String DATE = "date";
    public static final String SYMBOL = "symbol";
    public static final String NAME = "name";
    public static final String AVG_PRICE = "avg_price";
    public static final String MIN_PRICE = "min_price";
    public static final String MAX_PRICE = "max_price";
    public static final String OPEN_PRICE = "open_price";
    public static final String CLOSE_PRICE = "close_price";
    public static final String DATA_POINTS = "data_points";
    public static final String FIRST_TIMESTAMP = "first_timestamp";
    public static final String LAST_TIMESTAMP = "last_timestamp";
    public static final String AVG_TOTAL_VOLUME = "avg_total_volume";
    public static final String LAST_TOTAL_VOLUME = "last_total_volume";
    public static final String AVG_MARKET_CAP = "avg_market_cap";
    public static final String LAST_MARKET_CAP = "last_market_cap";
    public static final String LAST_MARKET_CAP_RANK = "last_market_cap_rank";
    public static final String QUALITY = "quality";

    @BsonId
    public ObjectId id;

    @BsonProperty(COIN_ID)
    public String coinId;

    /** The UTC day, {@code YYYY-MM-DD}. */
    @BsonProperty(DATE)
    public String date;

    @BsonProperty(SYMBOL)
    public String symbol;

    @BsonProperty(NAME)
    public String name;

    @BsonProperty(AVG_PRICE)
    public Double avgPrice;

    @BsonProperty(MIN_PRICE)
    public Double minPrice;

    @BsonProperty(MAX_PRICE)
    public Double maxPrice;

    @BsonProperty(OPEN_PRICE)
    public Double openPrice;

    @BsonProperty(CLOSE_PRICE)
    public Double closePrice;

    @BsonProperty(DATA_POINTS)
    public Integer dataPoints;

    @BsonProperty(FIRST_TIMESTAMP)
    public Instant firstTimestamp;

    @BsonProperty(LAST_TIMESTAMP)
    public Instant lastTimestamp;

    @BsonProperty(AVG_TOTAL_VOLUME)
    public Double avgTotalVolume;

    @BsonProperty(LAST_TOTAL_VOLUME)
    public Double lastTotalVolume;

    @BsonProperty(AVG_MARKET_CAP)
    public Double avgMarketCap;

    @BsonProperty(LAST_MARKET_CAP)
    public Double lastMarketCap;

    @BsonProperty(LAST_MARKET_CAP_RANK)
    public Integer lastMarketCapRank;
}
