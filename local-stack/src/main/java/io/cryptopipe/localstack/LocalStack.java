package io.cryptopipe.localstack;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Starts Kafka, the MongoDB wire-protocol server and the CoinGecko stand-in on loopback, with their data under one
 * folder that survives restarts, and stops them all on Ctrl-C.
 *
 * <pre>
 * java -cp 'local-stack/target/local-stack-*.jar:local-stack/target/lib/*' io.cryptopipe.localstack.LocalStack \
 *     [--data-dir ./data] [--kafka-port 9092] [--mongo-port 27017] [--coingecko-port 8089] \
 *     [--speed 60] [--refresh-seconds 30] [--coins 15000] [--rate-limit 500]
 * </pre>
 */
public final class LocalStack {

    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path data = options.dataDir().toAbsolutePath();
        KafkaBroker kafka = new KafkaBroker(data.resolve("kafka"), options.kafkaPort(), options.kafkaPort() + 1);
        MongoWireServer mongo = new MongoWireServer(data.resolve("mongo"), options.mongoPort());
        CoinGeckoStandIn coingecko = new CoinGeckoStandIn(options.coingeckoPort(), options.speed(),
                Duration.ofSeconds(options.refreshSeconds()), Clock.systemUTC(), options.coins(),
                options.rateLimit());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Reverse order of start: nothing is left half-written when a process ends.
            coingecko.close();
            mongo.close();
            kafka.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        kafka.start();
        mongo.start();
        coingecko.start();
        // One machine-readable line the run script waits for.
        System.out.println("LOCAL-STACK READY"
                + " KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers()
                + " MONGODB_URI=" + mongo.connectionString()
                + " COINGECKO_BASE_URL=" + coingecko.baseUrl() + "/api/v3");
        LOG.info(() -> "replay speed x" + options.speed() + ", refresh window " + options.refreshSeconds() + " s");
        stopped.await();
    }

    record Options(Path dataDir, int kafkaPort, int mongoPort, int coingeckoPort, double speed, long refreshSeconds,
            int coins, int rateLimit) {

        static Options parse(String[] args) {
            Path dataDir = Path.of("data");
            int kafkaPort = 9092;
            int mongoPort = 27017;
            int coingeckoPort = 8089;
            double speed = 1;
            long refreshSeconds = 60;
            int coins = 250;
            int rateLimit = 0;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                try {
                    switch (name) {
                        case "--data-dir" -> dataDir = Path.of(value);
                        case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
                        case "--mongo-port" -> mongoPort = Integer.parseInt(value);
                        case "--coingecko-port" -> coingeckoPort = Integer.parseInt(value);
                        case "--speed" -> speed = Double.parseDouble(value);
                        case "--refresh-seconds" -> refreshSeconds = Long.parseLong(value);
                        case "--coins" -> coins = Integer.parseInt(value);
                        case "--rate-limit" -> rateLimit = Integer.parseInt(value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number for " + name + ": " + value);
                }
            }
            if (refreshSeconds < 1) {
                throw new IllegalArgumentException("--refresh-seconds must be at least 1");
            }
            if (coins < 1 || rateLimit < 0) {
                throw new IllegalArgumentException("--coins must be at least 1 and --rate-limit not negative");
            }
            return new Options(dataDir, kafkaPort, mongoPort, coingeckoPort, speed, refreshSeconds, coins, rateLimit);
        }
    }
}
