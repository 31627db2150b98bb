package io.cryptopipe.ingest;

import io.cryptopipe.testsupport.DashboardMetrics;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every ingest metric the Grafana dashboard queries is one the running service exposes on /q/metrics. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "speed", value = LocalStackReplay.SPEED))
class DashboardMetricsExposedTest {

    private static final Pattern INGEST_METRICS = Pattern.compile("\\bingest_[a-z0-9_]+\\b");

    @Test
    void theServiceExposesEveryIngestMetricTheDashboardQueries() {
        Set<String> queried = DashboardMetrics.queried(INGEST_METRICS);
        assertThat(queried).as("ingest metrics on the dashboard").contains("ingest_polls_total");

        // A poll first: some meters only take their final form once the service has done its work once.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(DashboardMetrics.exposed(metrics()))
                .contains("ingest_polls_total").containsAll(queried));
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
