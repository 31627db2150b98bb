package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.testsupport.DashboardMetrics;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The packaged store (the jar here, the native binary where GraalVM builds one) as a separate process: records
 * produced to market.raw by a plain producer end up once each in MongoDB, and health and metrics answer. The
 * service is reached only through Kafka, MongoDB and HTTP, as in a deployment.
 */
@QuarkusIntegrationTest
@WithTestResource(StoreStackTestResource.class)
class StoreServicePackagedIT {

    @Test
    void storesRecordsFromTheTopicOnceEachAndReportsReadyWithItsMetrics() {
        List<ObjectNode> records = RecordedMarkets.load("markets-2025-11-02T1325Z-100.json",
                Instant.parse("2025-11-02T13:25:00Z"));

        try (MarketTopics topics = new MarketTopics();
                MongoClient mongo = MongoClients.create(LocalStackTestResource.testMongo().connectionString())) {
            topics.sendAll(records);
            topics.sendAll(records);
            StoredObservations stored = new StoredObservations(mongo);
            await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(records) >= records.size()
                    && metric("store_records_duplicates_total") >= records.size());

            assertThat(stored.count(records)).as("documents for %d distinct observations sent twice", records.size())
                    .isEqualTo(records.size());
        }
        assertThat(metric("store_records_written_total")).isEqualTo(records.size());
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        RestAssured.get("/q/health/started").then().statusCode(200);
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("store_bulk_write_seconds_count{outcome=\"success\"}"));
    }

    @Test
    void exposesEveryStoreAndConsumerMetricTheGrafanaDashboardQueries() {
        Set<String> queried = DashboardMetrics.queried(Pattern.compile("\\b(?:store_|kafka_consumer_)[a-z0-9_]+\\b"));
        assertThat(queried).as("store metrics on the dashboard")
                .contains("store_records_written_total", "kafka_consumer_fetch_manager_records_lag_max");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(DashboardMetrics.exposed(
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString())).containsAll(queried));
    }

    /** Sum of a Prometheus sample's values over every line starting with the given name and labels. */
    static double metric(String prefix) {
        return DashboardMetrics.sum(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString(), prefix);
    }
}
