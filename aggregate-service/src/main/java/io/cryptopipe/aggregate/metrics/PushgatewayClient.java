package io.cryptopipe.aggregate.metrics;

import io.cryptopipe.aggregate.config.PushgatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pushes gauges to a Prometheus Pushgateway in the text exposition format, by {@code POST} to
 * {@code /metrics/job/<job>/<label>/<value>...}: POST replaces only the metrics of the same names in that group,
 * so a metric a run does not push (the last success of a failed run) keeps the value of the run that pushed it.
 * <p>
 * The JDK's HTTP client rather than a Prometheus client library: the job has no meter registry (no metrics
 * extension, on purpose) and pushes a handful of gauges once per process, and the gateway's text format is a
 * stable, documented contract that the test checks against the real gateway.
 */
@ApplicationScoped
public class PushgatewayClient {

    private final PushgatewayConfig config;

    PushgatewayClient(PushgatewayConfig config) {
        this.config = config;
    }

    /** @throws PushFailedException when the gateway is unreachable, too slow or refuses the metrics */
    public void push(URI gateway, Map<String, String> groupingKey, Map<String, Gauge> gauges) {
        String body = gauges.entrySet().stream()
                .map(gauge -> "# HELP " + gauge.getKey() + " " + gauge.getValue().help() + "\n"
                        + "# TYPE " + gauge.getKey() + " gauge\n"
                        + gauge.getKey() + " " + gauge.getValue().value() + "\n")
                .collect(Collectors.joining());
        HttpRequest request = HttpRequest.newBuilder(groupUri(gateway, groupingKey))
                .timeout(config.timeout())
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new PushFailedException("HTTP " + response.statusCode() + ": " + response.body().strip());
            }
        } catch (IOException e) {
            // Some (ConnectException) carry no message: the class name is then the reason.
            throw new PushFailedException(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailedException("interrupted");
        }
    }

    static URI groupUri(URI gateway, Map<String, String> groupingKey) {
        String base = gateway.toString().replaceAll("/+$", "");
        String path = groupingKey.entrySet().stream()
                .map(label -> encode(label.getKey()) + "/" + encode(label.getValue()))
                .collect(Collectors.joining("/"));
        return URI.create(base + "/metrics/" + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One gauge's value and its help text. */
    public record Gauge(double value, String help) {
    }

    /** A push that did not happen; the message says why in one line. */
    public static class PushFailedException extends RuntimeException {

        PushFailedException(String message) {
            super(message);
        }
    }
}
