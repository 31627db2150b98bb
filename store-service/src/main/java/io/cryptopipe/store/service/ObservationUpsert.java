package io.cryptopipe.store.service;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.store.model.RawObservation;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * The write model of one observation: an upsert on its identity that only sets fields when it inserts, so the
 * first stored version of an observation wins and storing it again changes nothing.
 */
public final class ObservationUpsert {

    private ObservationUpsert() {
    }

    /**
     * @throws IllegalArgumentException when a time cannot be a BSON date (beyond ±292 million years)
     */
    public static UpdateOneModel<RawObservation> of(MarketRecord record) {
        // The upsert copies the filter's equality fields into the new document, so they lead it, as in the contract.
        Document identity = new Document("coin_id", record.coinId())
                .append("timestamp", toDate(record.timestamp()));
        // Nulls are stored as nulls, not left out: "no value reported" stays visible and every document has
        // the same fields.
        Document fields = new Document("fetched_at", toDate(record.fetchedAt()))
                .append("source", record.source())
                .append("schema_version", record.schemaVersion())
                .append("symbol", record.symbol())
                .append("name", record.name())
                .append("current_price", record.currentPrice())
                .append("market_cap", record.marketCap())
                .append("market_cap_rank", record.marketCapRank())
                .append("total_volume", record.totalVolume())
                .append("high_24h", record.high24h())
                .append("low_24h", record.low24h())
                .append("price_change_24h", record.priceChange24h())
                .append("price_change_percentage_24h", record.priceChangePercentage24h())
                .append("circulating_supply", record.circulatingSupply());
        return new UpdateOneModel<>(identity, new Document("$setOnInsert", fields), new UpdateOptions().upsert(true));
    }

    // BSON dates hold milliseconds; CoinGecko's times have at most millisecond precision.
    private static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
