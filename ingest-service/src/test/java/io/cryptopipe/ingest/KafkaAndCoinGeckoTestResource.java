package io.cryptopipe.ingest;

import io.cryptopipe.localstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The real Kafka broker of the local stack on free loopback ports, and a CoinGecko of the subclass's choosing: the
 * service pointed at both, with no MongoDB (a single replica needs none).
 */
public abstract class KafkaAndCoinGeckoTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;

    /** Starts the CoinGecko the service calls. @return its base URL ({@code .../api/v3}) */
    protected abstract String startCoinGecko() throws IOException;

    protected abstract void stopCoinGecko();

    @Override
    public Map<String, String> start() {
        try {
            kafka = KafkaBroker.startTemporary();
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
    }

    public static KafkaBroker kafka() {
        return kafka;
    }
}
