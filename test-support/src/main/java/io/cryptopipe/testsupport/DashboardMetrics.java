package io.cryptopipe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the committed Grafana dashboard queries, and the names a Prometheus text exposition holds: each
 * service's test checks the dashboard only asks for what it exposes ({@code /q/metrics}, or for the one-shot
 * aggregate job what it pushed to the Pushgateway). Paths are relative to a service module's directory, where its
 * tests run.
 */
public final class DashboardMetrics {

    private static final Path DASHBOARD = Path.of("../monitoring/grafana/dashboards/crypto-pipeline.json");

    private DashboardMetrics() {
    }

    /** @param owned the names that belong to one service, e.g. {@code \bingest_[a-z0-9_]+\b} */
    public static Set<String> queried(Pattern owned) {
        Set<String> names = new TreeSet<>();
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
            for (JsonNode expression : dashboard.findValues("expr")) {
                Matcher matcher = owned.matcher(expression.asText());
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Sum of the values of the samples in a Prometheus text exposition that {@code selector} picks: a name (its
     * samples, whatever their labels) or a name and its first labels ({@code ingest_polls_total{outcome="success"}}).
     */
    public static double sum(String metrics, String selector) {
        return metrics.lines()
                .filter(line -> selector.contains("{") ? line.startsWith(selector)
                        : line.startsWith(selector + " ") || line.startsWith(selector + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
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
