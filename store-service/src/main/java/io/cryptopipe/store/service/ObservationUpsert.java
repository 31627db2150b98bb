package io.cryptopipe.store.service;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawFields;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;

import java.time.Instant;

/**
 * The write model of one observation: an upsert on its identity that only sets fields when it inserts, so the
 * first stored version of an observation wins and storing it again changes nothing.
 * <p>
 * Built of BSON values rather than a {@code Document}: the driver then writes them as they are, instead of
 * looking up a codec for every field of every record (a {@code Document} is encoded through the codec registry,
 * value by value, which was a tenth of the store's CPU per record).
 */
public final class ObservationUpsert {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private ObservationUpsert() {
    }

    /**
     * @throws IllegalArgumentException when a time cannot be a BSON date (beyond ±292 million years)
     */
    public static UpdateOneModel<Document> of(MarketRecord record) {
        // The upsert copies the filter's equality fields into the new document, so they lead it, as in the contract.
        BsonDocument identity = new BsonDocument(RawFields.COIN_ID, text(record.coinId()))
                .append(RawFields.TIMESTAMP, date(record.timestamp()));
        // Nulls are stored as nulls, not left out: "no value reported" stays visible and every document has
        // the same fields.
        BsonDocument fields = new BsonDocument(RawFields.FETCHED_AT, date(record.fetchedAt()))
                .append(RawFields.SOURCE, text(record.source()))
                .append(RawFields.SCHEMA_VERSION, new BsonInt32(record.schemaVersion()))
                .append(RawFields.SYMBOL, text(record.symbol()))
                .append(RawFields.NAME, text(record.name()))
                .append(RawFields.CURRENT_PRICE, number(record.currentPrice()))
                .append(RawFields.MARKET_CAP, number(record.marketCap()))
                .append(RawFields.MARKET_CAP_RANK, record.marketCapRank() == null
                        ? BsonNull.VALUE : new BsonInt32(record.marketCapRank()))
                .append(RawFields.TOTAL_VOLUME, number(record.totalVolume()))
                .append(RawFields.HIGH_24H, number(record.high24h()))
                .append(RawFields.LOW_24H, number(record.low24h()))
                .append(RawFields.PRICE_CHANGE_24H, number(record.priceChange24h()))
                .append(RawFields.PRICE_CHANGE_PERCENTAGE_24H, number(record.priceChangePercentage24h()))
                .append(RawFields.CIRCULATING_SUPPLY, number(record.circulatingSupply()));
        return new UpdateOneModel<>(identity, new BsonDocument("$setOnInsert", fields), UPSERT);
    }

    // BSON dates hold milliseconds; CoinGecko's times have at most millisecond precision.
    private static BsonValue date(Instant instant) {
        if (instant == null) {
            return BsonNull.VALUE;
        }
        try {
            return new BsonDateTime(instant.toEpochMilli());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(instant + " is beyond the milliseconds a BSON date holds", e);
        }
    }

    private static BsonValue text(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    private static BsonValue number(Double value) {
        return value == null ? BsonNull.VALUE : new BsonDouble(value);
    }
}
