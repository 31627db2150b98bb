package io.cryptopipe.ingest;

import io.cryptopipe.localstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Kafka broker of the local stack, with CoinGecko replaced by a {@link StubCoinGecko} the test
 * controls. It starts by serving a recorded real answer.
 */
public class StubCoinGeckoTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String RECORDED = "coingecko/markets/markets-2026-04-30T0229Z-100.json";

    private static KafkaBroker kafka;
    private static StubCoinGecko coingecko;
    private Path kafkaDir;

    @Override
    public Map<String, String> start() {
        try {
            kafkaDir = Files.createTempDirectory("kafka-ingest-test");
            kafka = new KafkaBroker(kafkaDir, freePort(), freePort()).start();
            coingecko = new StubCoinGecko(new StubCoinGecko.Answer(200, "application/json",
                    RecordedResponses.read(RECORDED))).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.rest-client.coingecko.url", coingecko.baseUrl());
    }

    @Override
    public void stop() {
        if (coingecko != null) {
            coingecko.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (kafkaDir != null) {
            try (Stream<Path> paths = Files.walk(kafkaDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temp directory left behind is harmless.
            }
        }
    }

    public static KafkaBroker kafka() {
        return kafka;
    }

    public static StubCoinGecko coingecko() {
        return coingecko;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
