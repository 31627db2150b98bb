package io.cryptopipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's own consistency. Whether the services really expose what it queries is checked where they
 * run: ingest-service's DashboardMetricsExposedTest/IT, store-service's StoreServicePackagedIT and, for what the daily
 * job pushes, aggregate-service's RunMetricsPushgatewayTest; end-to-end-tests' MonitoringEndToEndTest evaluates
 * every expression in a real Prometheus.
 */
class GrafanaDashboardTest {

    static final String DASHBOARD = "monitoring/grafana/dashboards/crypto-pipeline.json";
    /** Every metric of the pipeline, by the prefix that says which service owns it. */
    private static final Pattern PIPELINE_METRIC =
            Pattern.compile("\\b(?:ingest_|store_|kafka_consumer_|aggregate_)[a-z0-9_]+\\b");

    @Test
    void everyQueryReadsAPipelineMetricSoThatTheServicesTestsCoverIt() throws IOException {
        for (JsonNode panel : panels()) {
            JsonNode targets = panel.get("targets");
            assertThat(targets).as("targets of %s", panel.get("title")).isNotEmpty();
            for (JsonNode target : targets) {
                String expression = target.get("expr").asText();
                assertThat(PIPELINE_METRIC.matcher(expression).find())
                        .as("%s: %s", panel.get("title").asText(), expression).isTrue();
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void noMetricIsPendingAnyMore() {
        // The daily job pushes its metrics now; a name no component provides fails the component tests above.
        assertThat(RepositoryFiles.path("monitoring/grafana/pending-metrics.txt")).doesNotExist();
        assertThat(RepositoryFiles.read(DASHBOARD)).doesNotContainIgnoringCase("pending");
    }

    @Test
    void theDashboardShowsWhatAnOperatorOfThePipelineWatches() throws IOException {
        List<String> titles = new ArrayList<>();
        panels().forEach(panel -> titles.add(panel.get("title").asText().toLowerCase()));

        assertThat(titles).anyMatch(t -> t.contains("polls by outcome"))
                .anyMatch(t -> t.contains("api budget"))
                .anyMatch(t -> t.contains("published") && t.contains("rejected"))
                .anyMatch(t -> t.contains("consumer lag"))
                .anyMatch(t -> t.contains("store writes"))
                .anyMatch(t -> t.contains("latency"))
                .anyMatch(t -> t.contains("dead letters"))
                .anyMatch(t -> t.contains("daily job"));
        assertThat(queriedMetrics()).contains("ingest_polls_total", "ingest_records_published_total",
                "ingest_records_rejected_total", "kafka_consumer_fetch_manager_records_lag_max",
                "store_records_written_total", "store_bulk_write_seconds_sum", "store_bulk_write_seconds_count",
                "store_records_dead_lettered_total");
    }

    static Set<String> queriedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode expression : new ObjectMapper().readTree(RepositoryFiles.path(DASHBOARD).toFile())
                .findValues("expr")) {
            Matcher matcher = PIPELINE_METRIC.matcher(expression.asText());
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    private static List<JsonNode> panels() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(RepositoryFiles.path(DASHBOARD).toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("crypto-pipeline");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        assertThat(panels).isNotEmpty();
        return panels;
    }
}
