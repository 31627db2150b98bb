package io.cryptopipe.faults;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.Topics;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.MongoWireServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh Kafka broker and MongoDB wire server on loopback for one scenario, with {@code market.raw} created as
 * ingest-service creates it (3 partitions). Both can be stopped and started again with their data.
 */
final class FaultStack implements AutoCloseable {

    static final String MARKET_RAW = Topics.RAW;
    static final String DEAD_LETTERS = Topics.RAW_DEAD_LETTERS;
    static final String DATABASE = "crypto_market";

    final KafkaBroker kafka;
    final MongoWireServer mongo;
    private final MongoClient client;

    private FaultStack(KafkaBroker kafka, MongoWireServer mongo) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.client = MongoClients.create(mongo.connectionString());
    }

    static FaultStack start(Path kafkaData) throws Exception {
        KafkaBroker kafka = new KafkaBroker(kafkaData, LoopbackPorts.free(), LoopbackPorts.free()).start();
        try {
            MongoWireServer mongo = new MongoWireServer(null, LoopbackPorts.free()).start();
            createRawTopic(kafka);
            return new FaultStack(kafka, mongo);
        } catch (Exception | Error e) {
            // A broker left running loses its log directory with the test's temporary folder, and Kafka halts the
            // JVM when its last log directory fails: the failure would take every later test with it.
            kafka.close();
            throw e;
        }
    }

    /** {@code market.raw} as ingest-service creates it: 3 partitions. */
    static void createRawTopic(KafkaBroker kafka) throws Exception {
        KafkaTopics.createAbsent(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                List.of(new NewTopic(MARKET_RAW, 3, (short) 1)), Duration.ofSeconds(60));
    }

    /** The environment a deployment gives store-service to reach this stack. */
    Map<String, String> storeEnvironment() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MONGODB_URI", mongo.connectionString(),
                "MONGODB_DATABASE", DATABASE);
    }

    MongoCollection<Document> raw() {
        return client.getDatabase(DATABASE).getCollection(CollectionNames.RAW);
    }

    /** How many documents each stored observation has. */
    Map<Identity, Integer> storedCopies() {
        Map<Identity, Integer> copies = new HashMap<>();
        raw().find().projection(new Document("coin_id", 1).append("timestamp", 1)).forEach(doc ->
                copies.merge(new Identity(doc.getString("coin_id"), doc.getDate("timestamp").toInstant()), 1,
                        Integer::sum));
        return copies;
    }

    @Override
    public void close() {
        client.close();
        mongo.close();
        kafka.close();
    }
}
