package io.cryptopipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the committed Grafana dashboard queries that belong to store-service (its own meters and its Kafka consumer's), less those
 * listed as pending (planned by another issue), and the names a /q/metrics answer exposes.
 */
public final class DashboardMetrics {

    private static final Path DASHBOARD = Path.of("../monitoring/grafana/dashboards/crypto-pipeline.json");
    private static final Path PENDING = Path.of("../monitoring/grafana/pending-metrics.txt");
    private static final Pattern OWNED = Pattern.compile("\\b(?:store_|kafka_consumer_)[a-z0-9_]+\\b");

    private DashboardMetrics() {
    }

    /** The names this service is expected to expose. */
    public static Set<String> queried() {
        Set<String> names = new TreeSet<>();
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
            for (JsonNode expression : dashboard.findValues("expr")) {
                Matcher matcher = OWNED.matcher(expression.asText());
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
            names.removeAll(Files.readAllLines(PENDING).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Sample names in a Prometheus text exposition. */
    public static Set<String> exposed(String metrics) {
        Set<String> names = new TreeSet<>();
        metrics.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .forEach(names::add);
        return names;
    }
}
