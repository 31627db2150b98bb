package io.cryptopipe.aggregate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.testsupport.TestMongo;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Points the job at one in-memory MongoDB wire-protocol server (a real server in the conformance run, see
 * {@link TestMongo}) and one real Kafka broker (local-stack's), both
 * outliving each launch and each test class.
 * <p>
 * A {@code @QuarkusMainTest} starts and stops its test resources around every launch, in the application's
 * class loader, so {@code LocalStackTestResource} would give every run of the job a new, empty server and a new
 * broker. Here the tests load raw data once and see what each run wrote and sent: the profile is instantiated in
 * the tests' class loader, so the tests and the profile share these servers. They stop when the test JVM exits,
 * not after a class, because the next class with this profile may reuse the configuration pointing at them.
 * Test classes keep out of each other's way by using days of their own.
 */
public class SharedLocalStack implements QuarkusTestProfile {

    /** The job's setting that cuts a day into coin ranges, one pipeline each. */
    public static final String COINS_PER_PIPELINE = "aggregate.coins-per-pipeline";
    /** A range larger than any test day, for profiles whose runs need no more than one. */
    public static final String ONE_RANGE = "1000";

    private static final Logger LOG = Logger.getLogger(SharedLocalStack.class);

    private static TestMongo mongo;
    private static MongoClient client;
    private static KafkaBroker kafka;
    private static Path kafkaDir;

    public static synchronized TestMongo mongo() {
        if (mongo == null) {
            mongo = TestMongo.start("crypto_market");
            Runtime.getRuntime().addShutdownHook(new Thread(SharedLocalStack::stopMongo, "stop-shared-mongo"));
        }
        return mongo;
    }

    public static String mongoConnectionString() {
        return mongo().connectionString();
    }

    /** The database the job and the tests share (its own per test JVM on a real server). */
    public static String database() {
        return mongo().database();
    }

    /** That database, through a client of the tests' own that stays open until the JVM exits. */
    public static synchronized MongoDatabase mongoDatabase() {
        if (client == null) {
            client = MongoClients.create(mongoConnectionString());
        }
        return client.getDatabase(database());
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            try {
                kafkaDir = Files.createTempDirectory("aggregate-service-kafka");
                kafka = new KafkaBroker(kafkaDir, LoopbackPorts.free(), LoopbackPorts.free()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedLocalStack::stopKafka, "stop-shared-kafka"));
            LOG.infof("shared Kafka broker on %s", kafka.bootstrapServers());
        }
        return kafka.bootstrapServers();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.mongodb.connection-string", mongoConnectionString(),
                "quarkus.mongodb.database", database(),
                "kafka.bootstrap.servers", kafkaBootstrapServers(),
                // Fewer coins per pipeline than the tests' 40- and 50-coin days, so they run as several coin ranges
                // (not many: the wire server has no index to use and scans the whole shared collection per range).
                COINS_PER_PIPELINE, "25");
    }

    private static synchronized void stopMongo() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
    }

    private static synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (kafkaDir != null) {
            try (Stream<Path> paths = Files.walk(kafkaDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                LOG.debugf(e, "leaving %s behind", kafkaDir);
            }
            kafkaDir = null;
        }
    }
}
