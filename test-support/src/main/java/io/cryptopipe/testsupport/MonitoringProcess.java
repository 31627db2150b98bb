package io.cryptopipe.testsupport;

import io.cryptopipe.localstack.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus tool from Debian's packages (prometheus, prometheus-pushgateway, prometheus-alertmanager; see
 * bin/install-test-deps) run by a test as a process of its own on a free loopback port, with its files in a
 * directory of the test's. Debian's packages start no service here: nothing else listens.
 *
 * @param url e.g. {@code http://127.0.0.1:41234}
 * @param log the process's output
 */
public record MonitoringProcess(Process process, URI url, Path log) implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The Pushgateway, keeping pushed metrics in memory only. */
    public static MonitoringProcess pushgateway(Path dir) {
        int port = LoopbackPorts.free();
        return start("prometheus-pushgateway", port, dir, List.of("--web.listen-address=127.0.0.1:" + port,
                "--persistence.file="));
    }

    /**
     * Prometheus with {@code config} (a prometheus.yml written by the test), its TSDB in {@code dir}, and the
     * lifecycle API ({@code /-/reload}) on.
     */
    public static MonitoringProcess prometheus(Path config, Path dir) {
        int port = LoopbackPorts.free();
        return start("prometheus", port, dir, List.of("--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.enable-lifecycle"));
    }

    private static MonitoringProcess start(String binary, int port, Path dir, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(arguments);
        Path log = dir.resolve(binary + ".log");
        Process process;
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(binary + " could not be started (not installed? run bin/install-test-deps,"
                    + " which installs Debian's prometheus, prometheus-pushgateway and prometheus-alertmanager)", e);
        }
        MonitoringProcess started = new MonitoringProcess(process, URI.create("http://127.0.0.1:" + port), log);
        started.awaitReady(binary);
        return started;
    }

    /** GET of a path on the process, answered 2xx; its body. */
    public String get(String pathAndQuery) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + pathAndQuery + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** POST without a body (e.g. {@code /-/reload}), answered 2xx. */
    public void post(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve(path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    private void awaitReady(String binary) {
        // Generous: both tools are ready in well under a second; on a loaded machine the TSDB may take longer.
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue() + ": " + logText());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException(binary + " not ready on " + url + ": " + logText());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
