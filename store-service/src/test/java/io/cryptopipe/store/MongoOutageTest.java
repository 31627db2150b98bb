package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import io.cryptopipe.store.messaging.ConsumerGroupLag;
import io.cryptopipe.store.write.StoreMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.cryptopipe.testsupport.TestMongo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@Tag(TestMongo.WIRE_SERVER_ONLY) // stops and starts the wire server
@WithTestResource(StoreStackTestResource.class)
class MongoOutageTest {

    private static final String WRITE_CHECK = "checks.find { it.name == 'MongoDB writes' }";

    @Inject
    MongoClient mongoClient;

    @Inject
    MeterRegistry registry;

    @Inject
    MongoCommands commands;

    @Test
    void holdsRecordsWhileMongoDbIsDownAndStoresEachOnceWhenItIsBackWithoutARestart() throws IOException {
        Instant poll = Instant.parse("2024-03-15T00:45:20Z");
        List<ObjectNode> records = RecordedMarkets.load("markets-2024-03-15T0045Z-100.json", poll);
        List<ObjectNode> before = RecordedMarkets.load("markets-2023-09-15T0044Z-100.json",
                Instant.parse("2023-09-15T00:44:21Z"));
        List<ObjectNode> afterwards = RecordedMarkets.load("markets-ids-bitcoin-usd-2021-05-15T1601Z-1.json",
                Instant.parse("2021-05-15T16:01:03Z"));
        StoredObservations stored = new StoredObservations(mongoClient);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        long indexWorkAtStart = commands.indexWork();

        try (MarketTopics topics = new MarketTopics()) {
            topics.sendAll(before);
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.count(before) == before.size());
            LocalStackTestResource.mongo().stop();
            try {
                topics.sendAll(records);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503)
                        .body(WRITE_CHECK + ".status", is("DOWN")));
                // Still retrying, not given up: the attempts keep growing while the channel stays alive.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503)
                        .body(WRITE_CHECK + ".data.failed_attempts", greaterThanOrEqualTo(3)));
                given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
                // The readiness failure as the series the StoreNotReady alert reads.
                assertThat(writesFailing()).isEqualTo(1.0);
                // The held records show as lag, although the consumer has stopped fetching.
                await().atMost(Duration.ofSeconds(30)).until(() -> lagOfGroup() >= records.size());
            } finally {
                LocalStackTestResource.mongo().start();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(records) == records.size());
            assertThat(stored.of(records)).hasSize(records.size())
                    .allSatisfy((identity, copies) -> assertThat(copies).as("documents of %s", identity).hasSize(1));
            // What was stored before the outage is still there, once.
            assertThat(stored.of(before)).hasSize(before.size())
                    .allSatisfy((identity, copies) -> assertThat(copies).as("documents of %s", identity).hasSize(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(200)
                    .body(WRITE_CHECK + ".status", is("UP")));
            given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
            assertThat(writesFailing()).isZero();

            await().atMost(Duration.ofSeconds(30)).until(() -> lagOfGroup() == 0);

            // The same consumer goes on with new records.
            topics.sendAll(afterwards);
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.count(afterwards) == afterwards.size());
        }
        assertThat(commands.indexWork()).as("index commands sent by the write path, before or after the outage")
                .isEqualTo(indexWorkAtStart);
    }

    private double writesFailing() {
        return registry.get(StoreMetrics.WRITES_FAILING).gauge().value();
    }

    private double lagOfGroup() {
        return registry.find(ConsumerGroupLag.LAG).tag("topic", "market.raw").gauges().stream()
                .mapToDouble(Gauge::value).sum();
    }
}
