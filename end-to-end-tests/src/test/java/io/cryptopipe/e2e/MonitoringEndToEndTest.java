package io.cryptopipe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.testsupport.MonitoringProcess;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static io.cryptopipe.e2e.PackagedServices.awaitReady;
import static io.cryptopipe.e2e.PackagedServices.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring path with the real tools (Debian's prometheus and prometheus-pushgateway): a Prometheus configured
 * here scrapes the packaged ingest-service and store-service on the local stack every second, and the Pushgateway
 * after runs of the daily job; every query of every Grafana panel returns data, every alert expression parses and
 * every rule evaluates without error; then MongoDB stops and StoreNotReady goes pending, then firing, in
 * {@code /api/v1/alerts}, and clears once MongoDB is back.
 * <p>
 * Prometheus loads a copy of alerts.yml whose {@code for:} durations are all 5 s (written under the test's
 * directory; the expressions and thresholds are the committed ones), so the fault shows within seconds.
 */
class MonitoringEndToEndTest {

    private static final Logger LOG = Logger.getLogger(MonitoringEndToEndTest.class.getName());
    private static final Path DASHBOARD = PackagedServices.ROOT.resolve(
            "monitoring/grafana/dashboards/crypto-pipeline.json");
    private static final Path RULES = PackagedServices.ROOT.resolve("monitoring/prometheus/alerts.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static PackagedServices services;
    private static MonitoringProcess pushgateway;
    private static MonitoringProcess prometheus;
    private static int ingestPort;
    private static int storePort;

    @BeforeAll
    static void startPipelineAndMonitoring() throws Exception {
        long started = System.nanoTime();
        // 900x with a 2 s window: every 2 s poll sees the next recorded 30-minute poll, so records keep arriving.
        services = new PackagedServices(dir.resolve("kafka"), 900, Duration.ofSeconds(2));
        storePort = LoopbackPorts.free();
        ingestPort = LoopbackPorts.free();
        services.start("store-service", "monitoring-store-service",
                Map.of("QUARKUS_HTTP_PORT", String.valueOf(storePort)));
        services.start("ingest-service", "monitoring-ingest-service", Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ingestPort),
                "INGEST_POLL_INTERVAL", "2s",
                "INGEST_BUDGET_PER_MONTH", "10000000"));
        pushgateway = MonitoringProcess.pushgateway(dir.resolve("pushgateway"));
        awaitReady(storePort);
        awaitReady(ingestPort);

        // One run of the daily job and of its check, each pushing to the gateway, on a day the polls filled.
        Map<String, String> push = Map.of("AGGREGATE_PUSHGATEWAY_URL", pushgateway.url().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(storePort, "store_records_written_total") > 0);
        Document newest = services.database().getCollection("market_data_raw").find()
                .sort(new Document("timestamp", -1)).first();
        LocalDate day = newest.getDate("timestamp").toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        PackagedServices.ProcessResult aggregate = services.run("aggregate-service", push, "--date", day.toString());
        assertThat(aggregate.exitCode()).as(aggregate.output()).isZero();
        // 0 or 3: the stand-in's day is a few minutes of polls, so the gate may well fail; both push the result.
        PackagedServices.ProcessResult check = services.run("aggregate-service", push, "check", "--date",
                day.toString());
        assertThat(check.exitCode()).as(check.output()).isIn(0, 3);
        LOG.info(String.format("daily job pushed its runs for %s", day));

        Path rules = dir.resolve("alerts-for-5s.yml");
        Files.writeString(rules, Files.readString(RULES).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 5s"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: ingest-service
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: store-service
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs:
                      - targets: ["%s"]
                """.formatted(rules, ingestPort, storePort, pushgateway.url().getAuthority()));
        prometheus = MonitoringProcess.prometheus(config, dir.resolve("prometheus"));
        LOG.info(String.format("pipeline, Pushgateway and Prometheus (%s) up after %d s", prometheus.url(),
                seconds(started)));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        PackagedServices.closeAll(prometheus, pushgateway, services);
    }

    @Test
    void everyPanelHasDataEveryAlertEvaluatesAndAMongoDbOutageFiresStoreNotReady() throws Exception {
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode targets = api("/api/v1/targets").at("/data/activeTargets");
            assertThat(targets).hasSize(3).allSatisfy(target -> assertThat(target.get("health").asText())
                    .as("%s: %s", target.at("/labels/job"), target.get("lastError")).isEqualTo("up"));
        });

        // Every query of every panel, as Grafana would send it: valid, and with data once a few scrapes are in.
        Map<String, String> panelQueries = panelQueries();
        for (Map.Entry<String, String> query : panelQueries.entrySet()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(query(query.getValue()).at("/data/result"))
                            .as("%s: %s", query.getKey(), query.getValue()).isNotEmpty());
        }

        // Every alert expression parses and runs (empty or not: most alerts are quiet on a healthy pipeline) ...
        Map<String, String> alerts = alertExpressions();
        alerts.forEach((alert, expression) -> assertThat(query(expression).get("status").asText())
                .as(alert).isEqualTo("success"));
        // ... and Prometheus evaluates each loaded rule without error.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> rules = new ArrayList<>();
            api("/api/v1/rules").at("/data/groups").forEach(group -> group.get("rules").forEach(rules::add));
            assertThat(rules).extracting(rule -> rule.get("name").asText())
                    .containsExactlyInAnyOrderElementsOf(alerts.keySet());
            assertThat(rules).allSatisfy(rule -> assertThat(rule.get("health").asText())
                    .as("%s: %s", rule.get("name"), rule.get("lastError")).isEqualTo("ok"));
        });
        assertThat(activeAlert("StoreNotReady")).as("before the fault").isNull();
        LOG.info(String.format("%d panel queries with data and %d alert rules evaluated after %d s",
                panelQueries.size(), alerts.size(), seconds(started)));

        // The fault: MongoDB goes away while the polls keep sending records.
        long faultAt = System.nanoTime();
        services.mongo().stop();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> activeAlert("StoreNotReady") != null);
            LOG.info(String.format("StoreNotReady %s after %d s",
                    activeAlert("StoreNotReady").get("state").asText(), seconds(faultAt)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode alert = activeAlert("StoreNotReady");
                assertThat(alert).isNotNull();
                assertThat(alert.get("state").asText()).isEqualTo("firing");
                assertThat(alert.at("/labels/severity").asText()).isEqualTo("critical");
                assertThat(alert.at("/labels/instance").asText()).isEqualTo("127.0.0.1:" + storePort);
            });
            LOG.info(String.format("StoreNotReady firing after %d s", seconds(faultAt)));
        } finally {
            services.mongo().start();
        }
        // Back: the store's retried write goes through and the alert clears.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> activeAlert("StoreNotReady") == null);
        LOG.info(String.format("monitoring test body done in %d s", seconds(started)));
    }

    /** Each target's expression of the dashboard, keyed by panel title and refId. */
    private static Map<String, String> panelQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put(panel.get("title").asText() + " " + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        assertThat(queries).isNotEmpty();
        return queries;
    }

    private static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                expressions.put(rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    /** The alert of that name in /api/v1/alerts (pending or firing), or null. */
    private static JsonNode activeAlert(String name) {
        for (JsonNode alert : api("/api/v1/alerts").at("/data/alerts")) {
            if (alert.at("/labels/alertname").asText().equals(name)) {
                return alert;
            }
        }
        return null;
    }

    /** An instant query; a query Prometheus cannot parse fails here with its error. */
    private static JsonNode query(String expression) {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(answer.get("status").asText()).as("%s: %s", expression, answer.get("error")).isEqualTo("success");
        return answer;
    }

    private static JsonNode api(String pathAndQuery) {
        try {
            return JSON.readTree(prometheus.get(pathAndQuery));
        } catch (IllegalStateException e) {
            // A 400 (bad query) carries Prometheus' own error in its body.
            throw new AssertionError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since a {@link System#nanoTime()} reading, for the log: how long each phase takes. */
    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
