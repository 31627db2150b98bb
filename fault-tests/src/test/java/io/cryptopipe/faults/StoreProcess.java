package io.cryptopipe.faults;

import io.cryptopipe.localstack.LoopbackPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged store-service as its own process, so that it can be killed like a crashed pod: SIGKILL, no
 * shutdown hook, no last commit.
 */
final class StoreProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("store-service/target/quarkus-app/quarkus-run.jar");
    private static final Path LOGS = ROOT.resolve("fault-tests/target/fault-logs");

    private final String name;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    StoreProcess(String name, Map<String, String> environment) throws IOException {
        this(name, environment, List.of());
    }

    /** @param jvmOptions added to the command line, e.g. a flight recording of a benchmark run */
    StoreProcess(String name, Map<String, String> environment, List<String> jvmOptions) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("store-service is not packaged: " + JAR + " is missing. Build it first "
                    + "with ./mvnw -B -pl fault-tests -am verify (or ./mvnw -B verify)");
        }
        this.name = name;
        this.environment = environment;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = LoopbackPorts.free();
        Files.createDirectories(LOGS);
    }

    StoreProcess start() throws IOException {
        starts++;
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m",
                // Kafka's default (45 s) is how long the group waits for a killed consumer before its partitions
                // move; a short one keeps the kill scenario within its time budget.
                "-Dmp.messaging.incoming.market-raw.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.market-raw.heartbeat.interval.ms=1000"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + "-store-" + starts + ".log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        process = builder.start();
        return this;
    }

    /** SIGKILL: the process gets no chance to finish its batch, commit or leave the consumer group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("store-service (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int starts() {
        return starts;
    }

    /** HTTP status of the readiness check, or -1 while nothing answers. */
    int readiness() {
        try {
            // The MongoDB check waits up to the server-selection timeout while MongoDB is down.
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    void awaitReady() {
        await("store-service ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("store-service exited with " + process.exitValue()
                                + ", see " + LOGS.resolve(name + "-store-" + starts + ".log"));
                    }
                    return readiness() == 200;
                });
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
