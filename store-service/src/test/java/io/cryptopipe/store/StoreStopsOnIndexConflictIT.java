package io.cryptopipe.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged store as a separate process, started on a raw collection that already holds the same observation
 * twice: it cannot build its unique identity, so it stops by itself with exit code 1 and one line naming the index
 * and what to do, instead of retrying before every write.
 */
class StoreStopsOnIndexConflictIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Test
    void stopsWithExitCodeOneAndOneLineWhenDuplicatesPreventTheUniqueIdentity() throws Exception {
        assertThat(JAR).as("the packaged store (./mvnw verify -pl store-service packages it)").exists();
        Path log = Files.createDirectories(Path.of("target/index-conflict")).resolve("store.log");
        try (MongoWireServer mongo = new MongoWireServer(null, LoopbackPorts.free()).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> raw = client.getDatabase("crypto_market").getCollection("market_data_raw");
            Document observation = new Document("coin_id", "bitcoin").append("timestamp", new Date(0));
            raw.insertOne(new Document(observation));
            raw.insertOne(new Document(observation));

            ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", JAR.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MONGODB_URI", mongo.connectionString());
            builder.environment().put("MONGODB_DATABASE", "crypto_market");
            // Nothing listens there: the conflict must stop the store whatever Kafka does.
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + LoopbackPorts.free());
            // Start-up waits this long for the dead-letter topic, in vain here, before the store can stop; the
            // default (10 s) is patience with a real broker and proves nothing more.
            builder.environment().put("STORE_DEAD_LETTERS_TOPIC_CREATION_TIMEOUT", "1s");
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(LoopbackPorts.free()));
            Process process = builder.start();
            try {
                // Generous on a loaded machine: start-up, the index check, then a shutdown with Kafka unreachable.
                assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the store stopped by itself; log %s", log)
                        .isTrue();
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).as("exit code; log %s", log).isEqualTo(1);
            List<String> stopping = Files.readAllLines(log).stream().filter(line -> line.contains("Stopping: "))
                    .toList();
            assertThat(stopping).singleElement().asString()
                    .contains("Cannot build the unique index coin_id_1_timestamp_1 on market_data_raw")
                    .contains("Remove the duplicates");
            assertThat(raw.listIndexes().into(new java.util.ArrayList<>())).extracting(i -> i.getString("name"))
                    .doesNotContain("coin_id_1_timestamp_1");
        }
    }
}
