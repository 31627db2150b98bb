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
 * The real Kafka broker of the local stack on free loopback ports, and a CoinGecko of the subclass's choosing: the
 * service pointed at both, with no MongoDB (a single replica needs none).
 */
public abstract class KafkaAndCoinGeckoTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private Path kafkaDir;

    /** Starts the CoinGecko the service calls. @return its base URL ({@code .../api/v3}) */
    protected abstract String startCoinGecko() throws IOException;

    protected abstract void stopCoinGecko();

    @Override
    public Map<String, String> start() {
        try {
            kafkaDir = Files.createTempDirectory("kafka-ingest-test");
            kafka = new KafkaBroker(kafkaDir, freePort(), freePort()).start();
            return Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.rest-client.coingecko.url", startCoinGecko());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        stopCoinGecko();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
