package io.cryptopipe.store.repository;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawField;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObservationCodecTest {

    private static final Instant OBSERVED = Instant.parse("2026-04-24T05:10:11.123Z");
    private static final Instant FETCHED = Instant.parse("2026-04-30T02:29:21Z");

    @Test
    void writesTheIdentityFirstThenEveryOtherFieldOfTheContract() {
        BsonDocument document = ObservationCodec.document(record(OBSERVED));

        assertThat(document.keySet()).containsExactly("coin_id", "timestamp", "fetched_at", "source",
                "schema_version", "symbol", "name", "current_price", "market_cap", "market_cap_rank", "total_volume",
                "high_24h", "low_24h", "price_change_24h", "price_change_percentage_24h", "circulating_supply");
        assertThat(document.keySet()).as("named by the contract's field table")
                .containsExactlyElementsOf(RawField.ALL.stream().map(RawField::fieldName).toList());
        assertThat(document.get("coin_id")).isEqualTo(new BsonString("janus"));
        assertThat(document.get("timestamp")).isEqualTo(new BsonDateTime(OBSERVED.toEpochMilli()));
        assertThat(document.get("fetched_at")).isEqualTo(new BsonDateTime(FETCHED.toEpochMilli()));
        assertThat(document.get("schema_version")).isEqualTo(new BsonInt32(1));
        assertThat(document.get("current_price")).isEqualTo(new BsonDouble(1.02));
        assertThat(document.get("market_cap_rank")).isEqualTo(new BsonInt32(77));
        assertThat(document).as("the server adds the _id").doesNotContainKey("_id");
    }

    @Test
    void identityIsTheFilterOnTheUniqueIndex() {
        assertThat(ObservationCodec.identity(record(OBSERVED))).isEqualTo(new BsonDocument("coin_id",
                new BsonString("janus")).append("timestamp", new BsonDateTime(OBSERVED.toEpochMilli())));
    }

    @Test
    void keepsAbsentNumbersAsNullFields() {
        BsonDocument fields = ObservationCodec.document(record(OBSERVED));

        assertThat(fields.get("high_24h").isNull()).isTrue();
        assertThat(fields.get("price_change_percentage_24h").isNull()).isTrue();
        assertThat(fields.get("market_cap").isDouble()).isTrue();
        assertThat(fields.get("market_cap_rank").isInt32()).isTrue();
        assertThat(fields.get("fetched_at").isDateTime()).isTrue();
    }

    /** The stored document must not change shape with the way the write model is built. */
    @Test
    void writesTheSameFieldsAndTypesAsTheDocumentOfTheRecord() {
        MarketRecord r = record(OBSERVED);
        Document asDocument = new Document("coin_id", "janus").append("timestamp", Date.from(OBSERVED))
                .append("fetched_at", Date.from(FETCHED)).append("source", "poll")
                .append("schema_version", 1).append("symbol", "jaaa").append("name", "Janus Henderson Anemoy")
                .append("current_price", 1.02).append("market_cap", 1.0e9).append("market_cap_rank", 77)
                .append("total_volume", 3.5e6).append("high_24h", null).append("low_24h", null)
                .append("price_change_24h", null).append("price_change_percentage_24h", null)
                .append("circulating_supply", 9.8e8);

        assertThat(ObservationCodec.document(r)).isEqualTo(asDocument.toBsonDocument());
    }

    @Test
    void refusesATimeNoBsonDateCanHold() {
        assertThatIllegalArgumentException().isThrownBy(() -> ObservationCodec.document(record(Instant.MAX)));
    }

    private static MarketRecord record(Instant timestamp) {
        return new MarketRecord(1, "janus", "jaaa", "Janus Henderson Anemoy", timestamp, FETCHED, "poll",
                1.02, 1.0e9, 77, 3.5e6, null, null, null, null, 9.8e8);
    }
}
