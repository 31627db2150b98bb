package io.cryptopipe.testsupport;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.MongoWireServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real Kafka broker, an in-memory MongoDB wire-protocol server (a real server in the conformance run, see
 * {@link TestMongo}) and the CoinGecko stand-in on free loopback ports for a {@code @QuarkusTest}, and points the
 * service at them through the same settings a deployment uses.
 * <p>
 * Init args: the stand-in's ({@link StandInSettings}; speed 60 and refresh 1 s by default, so that successive
 * polls see new data quickly) and {@code record-served} ({@code true}: the stand-in remembers every observation it
 * serves from its first answer on, see {@link CoinGeckoStandIn#recordServed()}; a test method starts too late to
 * ask for it when the service polls as soon as it starts).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private static TestMongo mongo;
    private static CoinGeckoStandIn coingecko;
    private StandInSettings standIn;
    private boolean recordServed;

    @Override
    public void init(Map<String, String> initArgs) {
        standIn = StandInSettings.from(initArgs, 60, 1);
        recordServed = Boolean.parseBoolean(initArgs.getOrDefault("record-served", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            kafka = KafkaBroker.startTemporary();
            mongo = TestMongo.start("crypto_market");
            coingecko = standIn.start(Clock.systemUTC());
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
}
