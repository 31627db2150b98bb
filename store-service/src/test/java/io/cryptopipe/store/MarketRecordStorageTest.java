package io.cryptopipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.cryptopipe.store.StoredObservations.Identity;
import io.cryptopipe.store.messaging.ConsumerGroupLag;
import io.cryptopipe.store.repository.RawIndexes;
import io.cryptopipe.store.write.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class MarketRecordStorageTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);

    @Inject
    MongoClient mongoClient;

    @Inject
    MeterRegistry registry;

    @Test
    void storesEachRecordAsOneDocumentWithEveryFieldTypedAsTheContractSays() {
        List<ObjectNode> records = new ArrayList<>();
        records.addAll(RecordedMarkets.load("markets-2025-11-02T1325Z-100.json",
                Instant.parse("2025-11-02T13:25:00Z")));
        // janus-henderson-anemoy-treasury-fund: all 24 h figures null
        records.addAll(RecordedMarkets.load("markets-2026-04-30T0229Z-100.json",
                Instant.parse("2026-04-30T02:29:21Z")));
        // polygon-ecosystem-token: market_cap_rank null
        records.addAll(RecordedMarkets.load("markets-2024-09-05T0056Z-100.json",
                Instant.parse("2024-09-05T00:56:57Z")));
        StoredObservations stored = new StoredObservations(mongoClient);

        try (MarketTopics topics = new MarketTopics()) {
            topics.sendAll(records);
        }

        await().atMost(STORED_WITHIN).until(() -> stored.of(records).size() == records.size());
        Map<Identity, List<BsonDocument>> documents = stored.of(records);
        for (ObjectNode record : records) {
            List<BsonDocument> copies = documents.get(Identity.of(record));
            assertThat(copies).as("documents of %s", Identity.of(record)).hasSize(1);
            assertStoredAsContract(copies.get(0), record);
        }
        BsonDocument janus = stored.collection()
                .find(new Document("coin_id", "janus-henderson-anemoy-treasury-fund")).first();
        assertThat(Instant.ofEpochMilli(janus.getDateTime("timestamp").getValue()))
                .isEqualTo(Instant.parse("2026-04-24T05:10:07.064Z"));
        assertThat(Instant.ofEpochMilli(janus.getDateTime("fetched_at").getValue()))
                .isEqualTo(Instant.parse("2026-04-30T02:29:21Z"));
        assertThat(janus.getInt32("schema_version").getValue()).isEqualTo(1);
        assertThat(janus.getDouble("current_price").getValue()).isEqualTo(1.1);
        assertThat(janus.get("high_24h")).isIn(null, BsonNull.VALUE);
        assertThat(janus.get("price_change_percentage_24h")).isIn(null, BsonNull.VALUE);
    }

    @Test
    void absorbsARedeliveredObservationKeepingTheFirstStoredVersion() {
        Instant firstPoll = Instant.parse("2023-09-15T00:44:21Z");
        List<ObjectNode> records = RecordedMarkets.load("markets-2023-09-15T0044Z-100.json", firstPoll);
        // The same observations in a later poll: CoinGecko repeats an unchanged last_updated, with other values.
        List<ObjectNode> repeated = RecordedMarkets.load("markets-2023-09-15T0044Z-100.json",
                firstPoll.plusSeconds(30));
        repeated.forEach(r -> r.put("current_price", r.get("current_price").asDouble() + 1));
        StoredObservations stored = new StoredObservations(mongoClient);
        double writtenBefore = count(StoreMetrics.WRITTEN);
        double writtenAfterFirstDelivery;
        double duplicatesBefore;

        try (MarketTopics topics = new MarketTopics()) {
            topics.sendAll(records);
            await().atMost(STORED_WITHIN).until(() -> stored.count(records) == records.size()
                    && count(StoreMetrics.WRITTEN) >= writtenBefore + records.size());
            writtenAfterFirstDelivery = count(StoreMetrics.WRITTEN);
            duplicatesBefore = count(StoreMetrics.DUPLICATES);

            topics.sendAll(repeated);
            await().atMost(STORED_WITHIN)
                    .until(() -> count(StoreMetrics.DUPLICATES) >= duplicatesBefore + repeated.size());
        }

        assertThat(stored.count(records)).isEqualTo(records.size());
        assertThat(count(StoreMetrics.WRITTEN)).as("nothing written for the second delivery")
                .isEqualTo(writtenAfterFirstDelivery);
        Map<Identity, List<BsonDocument>> documents = stored.of(records);
        for (ObjectNode record : records) {
            BsonDocument doc = documents.get(Identity.of(record)).get(0);
            assertThat(doc.getDouble("current_price").getValue()).isEqualTo(record.get("current_price").asDouble());
            assertThat(doc.getDateTime("fetched_at").getValue()).isEqualTo(firstPoll.toEpochMilli());
        }
        assertThat(registry.get(StoreMetrics.LAST_WRITE_AGE).gauge().value()).isLessThan(30.0);
        await("consumer lag back to zero once everything is committed").atMost(STORED_WITHIN).untilAsserted(() ->
                assertThat(registry.find(ConsumerGroupLag.LAG).tag("topic", "market.raw").gauges())
                        .hasSize(StoreStackTestResource.MARKET_RAW_PARTITIONS)
                        .allSatisfy(gauge -> assertThat(gauge.value()).isZero()));
        assertThat(registry.get(StoreMetrics.BULK_WRITE).tag("outcome", "success").timer().count()).isPositive();
        assertThat(registry.get(StoreMetrics.BATCH_SIZE).summary().totalAmount())
                .isGreaterThanOrEqualTo(records.size() + repeated.size());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("store_records_written_total"))
                .body(containsString("store_records_duplicates_total"))
                .body(containsString("store_records_dead_lettered_total{reason=\"malformed_json\"}"))
                .body(containsString("store_bulk_write_seconds_count{outcome=\"success\"}"))
                .body(containsString("store_batch_size_records_count"))
                .body(containsString("store_last_write_age_seconds"))
                .body(containsString("store_consumer_lag_records{partition=\"0\",topic=\"market.raw\"}"));
    }

    @Test
    void readinessCoversKafkaAndMongoDb() {
        await().atMost(STORED_WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "MongoDB connection health check", "MongoDB writes", "MongoDB indexes")));
    }

    @Test
    void keepsTheIdentityUniqueAndTheTimestampIndexedInMongoDb() {
        StoredObservations stored = new StoredObservations(mongoClient);

        await().atMost(STORED_WITHIN).untilAsserted(() -> assertThat(indexes(stored))
                .containsKeys(RawIndexes.IDENTITY, RawIndexes.TIMESTAMP));
        Map<String, Document> indexes = indexes(stored);
        Document identity = indexes.get(RawIndexes.IDENTITY);
        assertThat(identity.get("key", Document.class))
                .isEqualTo(new Document("coin_id", 1).append("timestamp", 1));
        assertThat(identity.getBoolean("unique")).isTrue();
        assertThat(indexes.get(RawIndexes.TIMESTAMP).get("key", Document.class))
                .isEqualTo(new Document("timestamp", 1));
        assertThat(indexes.get(RawIndexes.TIMESTAMP).get("expireAfterSeconds", Number.class))
                .as("the timestamp index doubles as the TTL index, 365 days by default")
                .extracting(Number::longValue).isEqualTo(365L * 24 * 3600);
        assertThat(indexes.values()).as("one index on timestamp alone")
                .filteredOn(i -> i.get("key", Document.class).equals(new Document("timestamp", 1))).hasSize(1);

        BsonDocument probe = new BsonDocument("coin_id", new BsonString("index-probe"))
                .append("timestamp", new BsonDateTime(0));
        try {
            stored.collection().insertOne(probe.clone());
            assertThatThrownBy(() -> stored.collection().insertOne(probe.clone()))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCode()).isEqualTo(11000));
        } finally {
            stored.collection().deleteMany(Filters.eq("coin_id", "index-probe"));
        }
    }

    private static Map<String, Document> indexes(StoredObservations stored) {
        Map<String, Document> byName = new HashMap<>();
        stored.collection().listIndexes().forEach(index -> byName.put(index.getString("name"), index));
        return byName;
    }

    private double count(String counter) {
        return registry.get(counter).counter().count();
    }

    private static void assertStoredAsContract(BsonDocument doc, ObjectNode record) {
        String coin = record.get("coin_id").asText();
        List<String> fields = new ArrayList<>(List.of("_id", "coin_id", "timestamp", "fetched_at", "source",
                "schema_version", "symbol", "name", "market_cap_rank"));
        fields.addAll(List.of(RecordedMarkets.NUMBER_FIELDS));
        assertThat(doc.keySet()).as(coin).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(doc.getString("coin_id").getValue()).isEqualTo(coin);
        assertThat(doc.get("timestamp").isDateTime()).as(coin + " timestamp is a Date").isTrue();
        assertThat(Instant.ofEpochMilli(doc.getDateTime("timestamp").getValue()))
                .isEqualTo(Instant.parse(record.get("timestamp").asText()));
        assertThat(doc.get("fetched_at").isDateTime()).as(coin + " fetched_at is a Date").isTrue();
        assertThat(Instant.ofEpochMilli(doc.getDateTime("fetched_at").getValue()))
                .isEqualTo(Instant.parse(record.get("fetched_at").asText()));
        assertThat(doc.getString("source").getValue()).isEqualTo("poll");
        assertThat(doc.get("schema_version").isInt32()).as(coin + " schema_version is an int").isTrue();
        assertThat(doc.getInt32("schema_version").getValue()).isEqualTo(1);
        assertThat(doc.getString("symbol").getValue()).isEqualTo(record.get("symbol").asText());
        assertThat(doc.getString("name").getValue()).isEqualTo(record.get("name").asText());
        JsonNode rank = record.get("market_cap_rank");
        if (rank.isNull()) {
            assertThat(doc.get("market_cap_rank").isNull()).as(coin + " market_cap_rank kept as null").isTrue();
        } else {
            assertThat(doc.get("market_cap_rank").isInt32()).as(coin + " market_cap_rank is an int").isTrue();
            assertThat(doc.getInt32("market_cap_rank").getValue()).isEqualTo(rank.asInt());
        }
        for (String field : RecordedMarkets.NUMBER_FIELDS) {
            JsonNode sent = record.get(field);
            BsonValue kept = doc.get(field);
            if (sent.isNull()) {
                assertThat(kept.isNull()).as(coin + " " + field + " kept as null").isTrue();
            } else {
                assertThat(kept.isDouble()).as(coin + " " + field + " is a double").isTrue();
                assertThat(kept.asDouble().getValue()).as(coin + " " + field).isEqualTo(sent.asDouble());
            }
        }
    }
}
