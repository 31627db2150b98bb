package io.cryptopipe.ingest;

import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.testsupport.TestMongo;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a command-mode test of ingest ({@code backfill}, {@code repair-day}) runs against: the real broker, the
 * CoinGecko stand-in (60x, a new snapshot every second) and, when asked, MongoDB. A {@code @QuarkusMainTest}
 * launches the command in the test's JVM, so their addresses reach it as system properties, cleared on close.
 */
final class CommandStack implements AutoCloseable {

    private final KafkaBroker kafka;
    private final CoinGeckoStandIn standIn;
    private final TestMongo mongo;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private CommandStack(boolean withMongo) throws IOException {
        kafka = KafkaBroker.startTemporary();
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(1), Clock.systemUTC()).start();
        mongo = withMongo ? TestMongo.start("crypto_market") : null;
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.rest-client.coingecko.url", standIn.baseUrl() + "/api/v3");
        if (mongo != null) {
            properties.put("quarkus.mongodb.connection-string", mongo.connectionString());
            properties.put("quarkus.mongodb.database", mongo.database());
        }
        properties.forEach(System::setProperty);
    }

    /** The broker and the stand-in; MongoDB too when {@code withMongo}. */
    static CommandStack start(boolean withMongo) throws IOException {
        return new CommandStack(withMongo);
    }

    KafkaBroker kafka() {
        return kafka;
    }

    CoinGeckoStandIn standIn() {
        return standIn;
    }

    TestMongo mongo() {
        return mongo;
    }

    @Override
    public void close() {
        properties.keySet().forEach(System::clearProperty);
        if (mongo != null) {
            mongo.close();
        }
        standIn.close();
        kafka.close();
    }
}
