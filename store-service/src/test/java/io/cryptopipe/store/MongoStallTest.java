package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.cryptopipe.testsupport.TestMongo;
import io.cryptopipe.testsupport.StallingProxy;
import io.cryptopipe.store.write.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * MongoDB stops answering while the store is writing: the connections stay open, the requests reach the server
 * (which applies them), but no reply comes back, as with a half-open connection or a server stuck in an operation.
 * Without a read timeout the store's single consumer thread would wait for that reply for ever with readiness UP.
 */
@QuarkusTest
@Tag(TestMongo.WIRE_SERVER_ONLY) // its proxy fronts the wire server of the local stack
@WithTestResource(ProxiedMongoStackTestResource.class)
class MongoStallTest {

    private static final String WRITE_CHECK = "checks.find { it.name == 'MongoDB writes' }";

    @Inject
    MeterRegistry registry;

    @Inject
    MongoCommands commands;

    @Test
    void aWriteWhoseReplyNeverComesFailsWithinTheReadTimeoutTurnsNotReadyAndIsStoredOnceWhenRepliesFlowAgain()
            throws IOException {
        List<ObjectNode> before = RecordedMarkets.load("markets-2023-09-15T0044Z-100.json",
                Instant.parse("2023-09-15T00:44:21Z"));
        List<ObjectNode> records = RecordedMarkets.load("markets-2024-03-15T0045Z-100.json",
                Instant.parse("2024-03-15T00:45:20Z"));
        StallingProxy proxy = ProxiedMongoStackTestResource.proxy();
        // The test reads MongoDB directly, not through the proxy.
        try (MongoClient direct = MongoClients.create(LocalStackTestResource.mongo().connectionString());
                MarketTopics topics = new MarketTopics()) {
            StoredObservations stored = new StoredObservations(direct);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            topics.sendAll(before);
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.count(before) == before.size());

            double writtenBefore = count(StoreMetrics.WRITTEN);
            double duplicatesBefore = count(StoreMetrics.DUPLICATES);
            long partialBefore = bulkWrites("partial");
            double deadLetteredBefore = deadLettered();
            commands.reset();
            proxy.stallReplies();
            try {
                topics.sendAll(records);
                // The first write reaches the server, which stores its records; only the acknowledgement is missing.
                await().atMost(Duration.ofSeconds(30)).until(() -> stored.count(records) > 0);

                // Only a failed write attempt turns this check DOWN: the blocked write must have given up. The bound
                // is generous for a busy machine; the point is that it happens at all (read timeout 3 s).
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503)
                        .body(WRITE_CHECK + ".status", is("DOWN")));
                given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
            } finally {
                proxy.resume();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(records) == records.size());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(200)
                    .body(WRITE_CHECK + ".status", is("UP")));
            // Stored by the attempt whose reply was lost; the retry's insert finds them and counts them as duplicates:
            // every record counted once, as written or as duplicate, none dead-lettered.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    count(StoreMetrics.WRITTEN) - writtenBefore + count(StoreMetrics.DUPLICATES) - duplicatesBefore)
                    .as("written + duplicates").isEqualTo(records.size()));
            assertThat(count(StoreMetrics.DUPLICATES) - duplicatesBefore)
                    .as("records the lost attempt stored, found by the retry").isPositive();
            assertThat(bulkWrites("partial") - partialBefore).as("the retry's insert answered duplicate keys")
                    .isPositive();
            assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
            assertThat(commands.count("insert")).as("written by inserts").isPositive();
            assertThat(commands.count("update")).as("no upserts").isZero();
            // Stored by the attempt whose reply was lost, then not stored again by the retries.
            assertThat(stored.of(records)).hasSize(records.size())
                    .allSatisfy((identity, copies) -> assertThat(copies).as("documents of %s", identity).hasSize(1));
            assertThat(stored.of(before)).hasSize(before.size())
                    .allSatisfy((identity, copies) -> assertThat(copies).as("documents of %s", identity).hasSize(1));
        }
    }

    private double count(String counter) {
        return registry.get(counter).counter().count();
    }

    private long bulkWrites(String outcome) {
        return registry.get(StoreMetrics.BULK_WRITE).tag("outcome", outcome).timer().count();
    }

    private double deadLettered() {
        return registry.find(StoreMetrics.DEAD_LETTERED).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
