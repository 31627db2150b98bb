package io.cryptopipe.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged services as separate processes, configured only by the environment a deployment gives them, against
 * a real Kafka broker, the MongoDB wire-protocol server and the CoinGecko stand-in: polls become raw documents,
 * raw documents become daily documents.
 */
class PipelineEndToEndTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("end-to-end-tests/target/e2e-logs");

    @TempDir
    static Path kafkaData;

    private static KafkaBroker kafka;
    private static MongoWireServer mongo;
    private static CoinGeckoStandIn coingecko;
    private static MongoClient client;
    private static final List<Process> services = new ArrayList<>();
    private static int ingestPort;
    private static int storePort;

    @BeforeAll
    static void startStackAndServices() throws Exception {
        Files.createDirectories(LOGS);
        kafka = new KafkaBroker(kafkaData, freePort(), freePort()).start();
        mongo = new MongoWireServer(null, freePort()).start();
        // 900x with a 2 s window: every 2 s poll sees the next recorded 30-minute poll.
        coingecko = new CoinGeckoStandIn(0, 900, Duration.ofSeconds(2), Clock.systemUTC()).start();
        client = MongoClients.create(mongo.connectionString());
        storePort = freePort();
        ingestPort = freePort();
        services.add(start("store-service", Map.of("QUARKUS_HTTP_PORT", String.valueOf(storePort))));
        services.add(start("ingest-service", Map.of("QUARKUS_HTTP_PORT", String.valueOf(ingestPort),
                "INGEST_POLL_INTERVAL", "2s",
                // The stand-in has no quota; with the demo plan's default budget a 2 s interval would be stretched.
                "INGEST_BUDGET_PER_MONTH", "10000000")));
    }

    @AfterAll
    static void stopEverything() {
        for (Process service : services) {
            service.destroyForcibly();
        }
        if (client != null) {
            client.close();
        }
        if (coingecko != null) {
            coingecko.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pollsBecomeRawDocumentsOnEveryPollAndTheDailyJobSummarisesTheDay() throws Exception {
        awaitReady(storePort);
        awaitReady(ingestPort);
        MongoDatabase db = client.getDatabase("crypto_market");
        MongoCollection<Document> raw = db.getCollection("market_data_raw");

        // The collection grows poll after poll: three successive increases.
        long previous = raw.countDocuments();
        for (int growth = 0; growth < 3; growth++) {
            long before = previous;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> raw.countDocuments() > before);
            previous = raw.countDocuments();
        }
        assertThat(raw.distinct("coin_id", String.class).into(new ArrayList<>())).hasSizeGreaterThanOrEqualTo(50);

        // The daily job for the day most observations fall on.
        Document newest = raw.find().sort(new Document("timestamp", -1)).first();
        LocalDate day = newest.getDate("timestamp").toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        stopIngest();
        Date from = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date to = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Integer> expectedPoints = new HashMap<>();
        raw.find(Filters.and(Filters.gte("timestamp", from), Filters.lt("timestamp", to)))
                .forEach(d -> expectedPoints.merge(d.getString("coin_id"), 1, Integer::sum));

        ProcessResult result = run("aggregate-service", Map.of(), "--date", day.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();

        Map<String, Integer> dailyPoints = new HashMap<>();
        db.getCollection("market_data_daily").find(Filters.eq("date", day.toString()))
                .forEach(d -> dailyPoints.put(d.getString("coin_id"), ((Number) d.get("data_points")).intValue()));
        assertThat(dailyPoints).isEqualTo(expectedPoints);
    }

    private static void stopIngest() throws InterruptedException {
        Process ingest = services.get(1);
        ingest.destroy();
        assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).as("ingest-service stops on SIGTERM").isTrue();
    }

    private static void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static Map<String, String> connectionEnvironment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MONGODB_URI", mongo.connectionString(),
                "COINGECKO_BASE_URL", coingecko.baseUrl() + "/api/v3");
    }

    private static Process start(String service, Map<String, String> env) throws IOException {
        Path jar = ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the services first (./mvnw package)").exists();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(service + ".log").toFile());
        builder.environment().putAll(connectionEnvironment());
        builder.environment().putAll(env);
        return builder.start();
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(String service, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar",
                ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar").toString()));
        command.addAll(List.of(args));
        Path log = LOGS.resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(connectionEnvironment());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(service + " finishes").isTrue();
        return new ProcessResult(process.exitValue(), Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
