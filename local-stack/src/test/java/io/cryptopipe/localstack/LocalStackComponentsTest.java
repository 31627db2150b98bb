package io.cryptopipe.localstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackComponentsTest {

    @TempDir
    Path data;

    @Test
    void kafkaBrokerServesProduceAndConsumeAndKeepsDataAcrossRestart() throws Exception {
        int port = LoopbackPorts.free();
        try (KafkaBroker broker = new KafkaBroker(data, port, LoopbackPorts.free()).start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 3, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "bitcoin", "one")).get();
            }
            broker.stop();
            broker.start();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "probe",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen == 0 && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    seen += records.count();
                    records.forEach(r -> assertThat(r.value()).isEqualTo("one"));
                }
                assertThat(seen).isEqualTo(1);
            }
        }
    }

    @Test
    void mongoWireServerKeepsDataOnDiskAcrossRestart() throws Exception {
        int port = LoopbackPorts.free();
        try (MongoWireServer server = new MongoWireServer(data.resolve("mongo"), port).start()) {
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                client.getDatabase("probe").getCollection("c").insertOne(new Document("coin_id", "bitcoin"));
            }
        }
        try (MongoWireServer server = new MongoWireServer(data.resolve("mongo"), port).start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(client.getDatabase("probe").getCollection("c").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void mongoWireServerKeepsItsDataThroughAnOutage() throws Exception {
        for (Path dir : new Path[] {null, data.resolve("outage")}) {
            try (MongoWireServer server = new MongoWireServer(dir, LoopbackPorts.free()).start();
                    MongoClient client = MongoClients.create(server.connectionString())) {
                client.getDatabase("probe").getCollection("c").insertOne(new Document("coin_id", "bitcoin"));
                server.stop();
                server.start();
                assertThat(client.getDatabase("probe").getCollection("c").countDocuments())
                        .as(dir == null ? "memory backend" : "H2 backend").isEqualTo(1);
            }
        }
    }
}
