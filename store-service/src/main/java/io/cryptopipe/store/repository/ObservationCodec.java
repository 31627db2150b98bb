package io.cryptopipe.store.repository;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawField;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;

/**
 * The stored document of one observation, field for field from the contract's field table ({@link RawField}), in
 * its order: the identity first.
 * <p>
 * Built of BSON values rather than a {@code Document}: the driver then writes them as they are instead of looking up
 * a codec for every field of every record (see docs/benchmarks.md).
 */
public final class ObservationCodec {

    private ObservationCodec() {
    }

    /**
     * @throws IllegalArgumentException when a time cannot be a BSON date (beyond ±292 million years)
     */
    public static BsonDocument document(MarketRecord record) {
        BsonDocument document = new BsonDocument();
        // Nulls are stored as nulls, not left out: "no value reported" stays visible and every document has the same
        // fields.
        for (RawField field : RawField.ALL) {
            document.append(field.fieldName(), value(field, field.read(record)));
        }
        return document;
    }

    /** The identity of an observation as a filter on the unique identity index. */
    public static BsonDocument identity(MarketRecord record) {
        return new BsonDocument(RawField.COIN_ID.fieldName(), value(RawField.COIN_ID, record.coinId()))
                .append(RawField.TIMESTAMP.fieldName(), value(RawField.TIMESTAMP, record.timestamp()));
    }

    private static BsonValue value(RawField field, Object value) {
        if (value == null) {
            return BsonNull.VALUE;
        }
        return switch (field.type()) {
            case STRING -> new BsonString((String) value);
            case INSTANT -> date((Instant) value);
            case INT32 -> new BsonInt32((Integer) value);
            case DOUBLE -> new BsonDouble((Double) value);
        };
    }

    // BSON dates hold milliseconds; CoinGecko's times have at most millisecond precision.
    private static BsonValue date(Instant instant) {
        try {
            return new BsonDateTime(instant.toEpochMilli());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(instant + " is beyond the milliseconds a BSON date holds", e);
        }
    }
}
