package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import io.cryptopipe.testsupport.TestMongo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real TTL expiry: observations older than {@code store.retention} disappear, newer ones stay. Only a real server
 * shows it (the wire server keeps TTL indexes but never expires a document), so this runs in the
 * {@code real-mongodb} profile only. MongoDB's TTL monitor runs every 60 s, so the wait allows a few rounds.
 */
@QuarkusTest
@Tag(TestMongo.REAL_SERVER_ONLY)
@TestProfile(RetentionExpiryRealServerTest.OneHourRetention.class)
@WithTestResource(StoreStackTestResource.class)
class RetentionExpiryRealServerTest {

    public static class OneHourRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("store.retention", "1h");
        }
    }

    @Inject
    MongoClient mongoClient;

    @Test
    void theTtlMonitorDeletesObservationsOlderThanTheRetentionAndKeepsTheRest() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ObjectNode> records = RecordedMarkets.load("markets-2025-11-02T1325Z-100.json", now);
        List<ObjectNode> old = records.subList(0, records.size() / 2);
        List<ObjectNode> recent = records.subList(records.size() / 2, records.size());
        old.forEach(record -> record.put("timestamp", now.minus(Duration.ofDays(2)).toString()));
        recent.forEach(record -> record.put("timestamp", now.minus(Duration.ofMinutes(1)).toString()));
        StoredObservations stored = new StoredObservations(mongoClient);

        try (MarketTopics topics = new MarketTopics()) {
            topics.sendAll(records);
            await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(recent) == recent.size());
            assertThat(StoreServicePackagedIT.metric("store_records_written_total"))
                    .as("every observation was written, the old ones too").isEqualTo(records.size());

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> stored.count(old) == 0);
            assertThat(stored.count(recent)).as("observations within the retention").isEqualTo(recent.size());
        }
    }
}
