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
 * run: ingest-service's DashboardMetricsExposedTest/IT and store-service's StoreServicePackagedIT.
 */
class GrafanaDashboardTest {

    static final String DASHBOARD = "monitoring/grafana/dashboards/crypto-pipeline.json";
    static final String PENDING = "monitoring/grafana/pending-metrics.txt";
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
    void pendingMetricsAreQueriedAndTheOnlyOnesNoRunningServiceOwns() throws IOException {
        Set<String> queried = queriedMetrics();
        List<String> pending = pendingMetrics();

        assertThat(pending).as("pending names the dashboard no longer queries").allSatisfy(
                name -> assertThat(queried).contains(name));
        // The aggregate job has no scrape endpoint yet: all of its names must be declared pending.
        assertThat(queried).filteredOn(name -> name.startsWith("aggregate_"))
                .allSatisfy(name -> assertThat(pending).contains(name));
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

    static List<String> pendingMetrics() {
        return RepositoryFiles.read(PENDING).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
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
