package io.cryptopipe.testsupport;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.MongoWireServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the real Kafka broker, an in-memory MongoDB wire-protocol server (a real server in the conformance run, see
 * {@link TestMongo}) and the CoinGecko stand-in on free loopback ports for a {@code @QuarkusTest}, and points the
 * service at them through the same settings a deployment uses.
 * <p>
 * Init args: {@code speed} and {@code refresh-seconds} for the stand-in (default 60 and 1, so that successive
 * polls see new data quickly), {@code coins} (default 250: the recorded ones) and {@code rate-limit} (calls per
 * minute; default 0, no limit) and {@code record-served} ({@code true}: the stand-in remembers every observation it
 * serves from its first answer on, see {@link CoinGeckoStandIn#recordServed()}; a test method starts too late to
 * ask for it when the service polls as soon as it starts).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private static TestMongo mongo;
    private static CoinGeckoStandIn coingecko;
    private Path kafkaDir;
    private double speed = 60;
    private long refreshSeconds = 1;
    private int coins = 250;
    private int rateLimit;
    private boolean recordServed;

    @Override
    public void init(Map<String, String> initArgs) {
        speed = Double.parseDouble(initArgs.getOrDefault("speed", String.valueOf(speed)));
        refreshSeconds = Long.parseLong(initArgs.getOrDefault("refresh-seconds", String.valueOf(refreshSeconds)));
        coins = Integer.parseInt(initArgs.getOrDefault("coins", String.valueOf(coins)));
        rateLimit = Integer.parseInt(initArgs.getOrDefault("rate-limit", String.valueOf(rateLimit)));
        recordServed = Boolean.parseBoolean(initArgs.getOrDefault("record-served", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            kafkaDir = Files.createTempDirectory("kafka-test");
            kafka = new KafkaBroker(kafkaDir, freePort(), freePort()).start();
            mongo = TestMongo.start("crypto_market");
            coingecko = new CoinGeckoStandIn(0, speed, Duration.ofSeconds(refreshSeconds), Clock.systemUTC(), coins,
                    rateLimit).start();
            if (recordServed) {
                coingecko.recordServed();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.putAll(mongo.quarkusConfig());
        config.put("quarkus.rest-client.coingecko.url", coingecko.baseUrl() + "/api/v3");
        return config;
    }

    @Override
    public void stop() {
        if (coingecko != null) {
            coingecko.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        deleteQuietly(kafkaDir);
    }

    public static KafkaBroker kafka() {
        return kafka;
    }

    /** The wire server, for tests that stop and start it; see {@link TestMongo#wireServer()}. */
    public static MongoWireServer mongo() {
        return mongo.wireServer();
    }

    /** The MongoDB the service was pointed at: the wire server, or a real server in the conformance run. */
    public static TestMongo testMongo() {
        return mongo;
    }

    public static CoinGeckoStandIn coingecko() {
        return coingecko;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
