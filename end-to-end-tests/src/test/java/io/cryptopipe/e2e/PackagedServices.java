package io.cryptopipe.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;
import io.cryptopipe.testsupport.DashboardMetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Launches the packaged services ({@code <service>/target/quarkus-app/quarkus-run.jar}) as separate processes,
 * configured only through the environment a deployment gives them, each writing to its own log file under
 * {@code end-to-end-tests/target/e2e-logs}, against the stack it starts on loopback: a real Kafka broker, an
 * in-memory MongoDB wire-protocol server and the CoinGecko stand-in. On close, whatever it started and is still
 * running is killed, then the stack is stopped.
 */
final class PackagedServices implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    static final Path LOGS = ROOT.resolve("end-to-end-tests/target/e2e-logs");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KafkaBroker kafka;
    private final MongoWireServer mongo;
    private final CoinGeckoStandIn coingecko;
    private final Map<String, String> connection;
    private final MongoClient client;
    private final List<Process> started = new ArrayList<>();

    /**
     * @param speed         the stand-in's replay speed
     * @param refreshWindow how long the stand-in serves one snapshot
     */
    PackagedServices(Path kafkaData, double speed, Duration refreshWindow) throws IOException {
        this(kafkaData, speed, refreshWindow, 0, 0);
    }

    /**
     * @param coins     how many coins the stand-in lists (the recorded 250 and synthetic ones beyond)
     * @param perMinute the stand-in's rate limit (429 beyond it); 0: none
     */
    PackagedServices(Path kafkaData, double speed, Duration refreshWindow, int coins, int perMinute)
            throws IOException {
        Files.createDirectories(LOGS);
        kafka = new KafkaBroker(kafkaData, LoopbackPorts.free(), LoopbackPorts.free()).start();
        mongo = new MongoWireServer(null, LoopbackPorts.free()).start();
        coingecko = new CoinGeckoStandIn(0, speed, refreshWindow, Clock.systemUTC(), coins, perMinute).start();
        this.connection = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MONGODB_URI", mongo.connectionString(),
                "COINGECKO_BASE_URL", coingecko.baseUrl() + "/api/v3");
        client = MongoClients.create(mongo.connectionString());
    }

    KafkaBroker kafka() {
        return kafka;
    }

    MongoWireServer mongo() {
        return mongo;
    }

    /** The services' database, as they name it by default. */
    MongoDatabase database() {
        return client.getDatabase("crypto_market");
    }

    CoinGeckoStandIn coingecko() {
        return coingecko;
    }

    record ProcessResult(int exitCode, String output) {
    }

    /** Starts a long-running service; {@code logName} tells apart several instances of one service. */
    Process start(String service, String logName, Map<String, String> env) throws IOException {
        Path jar = jar(service);
        assertThat(jar).as("package the services first (./mvnw package)").exists();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(logName + ".log").toFile());
        builder.environment().putAll(connection);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** A store-service and an ingest-service process started by {@link #startStoreAndIngest}. */
    record StoreAndIngest(int storePort, int ingestPort, Process ingest) {

        void awaitBothReady() {
            awaitReady(storePort);
            awaitReady(ingestPort);
        }

        /** Stops ingest with SIGTERM, as Kubernetes does, and waits for it to exit. */
        void stopIngest() throws InterruptedException {
            ingest.destroy();
            assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).as("ingest-service stops on SIGTERM").isTrue();
        }
    }

    /** Starts the store and one ingest on free ports, with {@code ingestEnv} added to ingest's environment. */
    StoreAndIngest startStoreAndIngest(String logSuffix, Map<String, String> ingestEnv) throws IOException {
        int storePort = LoopbackPorts.free();
        int ingestPort = LoopbackPorts.free();
        start("store-service", "store-service" + logSuffix, Map.of("QUARKUS_HTTP_PORT", String.valueOf(storePort)));
        Map<String, String> env = new java.util.HashMap<>(ingestEnv);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ingestPort));
        return new StoreAndIngest(storePort, ingestPort, start("ingest-service", "ingest-service" + logSuffix, env));
    }

    /**
     * Runs a one-shot command to its end and returns its exit code and output, kept in a log of its own (test classes
     * run in two forks at once).
     */
    ProcessResult run(String service, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar(service).toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(LOGS, service + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(connection);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(service + " finishes").isTrue();
        return new ProcessResult(process.exitValue(), Files.readString(log));
    }

    static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get(port, "/q/health/ready").statusCode() == 200);
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A service's {@code /q/metrics} summed over what {@code selector} picks ({@link DashboardMetrics#sum}). */
    static double metric(int port, String selector) throws IOException, InterruptedException {
        return DashboardMetrics.sum(get(port, "/q/metrics").body(), selector);
    }

    private static Path jar(String service) {
        return ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar");
    }

    /** Closes each of a test's resources that was opened (null: never opened), in the order given. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.destroyForcibly();
        }
        client.close();
        coingecko.close();
        mongo.close();
        kafka.close();
    }
}
