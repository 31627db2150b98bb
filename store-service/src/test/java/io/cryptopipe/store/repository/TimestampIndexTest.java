package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index definition only: the wire-protocol server accepts TTL indexes but never expires documents.
 */
class TimestampIndexTest {

    private static MongoWireServer server;
    private static MongoClient client;
    private MongoCollection<Document> collection;

    @BeforeAll
    static void startServer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = new MongoWireServer(null, port).start();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshCollection() {
        collection = client.getDatabase("retention").getCollection("market_data_raw");
        collection.drop();
        collection.insertOne(new Document("coin_id", "bitcoin"));
    }

    @Test
    void createsTheTimestampIndexAsATtlIndexOfTheRetention() {
        new TimestampIndex(Duration.ofDays(365)).apply(collection);

        assertThat(timestampIndexes()).singleElement().satisfies(index -> {
            assertThat(index.getString("name")).isEqualTo(TimestampIndex.NAME);
            assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(31_536_000L);
        });
    }

    @Test
    void createsAPlainIndexWhenRetentionIsZero() {
        new TimestampIndex(Duration.ZERO).apply(collection);

        assertThat(timestampIndexes()).singleElement()
                .satisfies(index -> assertThat(index.containsKey("expireAfterSeconds")).isFalse());
    }

    @Test
    void replacesTheIndexWhenTheRetentionChanges() {
        new TimestampIndex(Duration.ofDays(365)).apply(collection);

        new TimestampIndex(Duration.ofDays(30)).apply(collection);
        assertThat(timestampIndexes()).singleElement()
                .satisfies(index -> assertThat(index.get("expireAfterSeconds", Number.class).longValue())
                        .isEqualTo(2_592_000L));

        new TimestampIndex(Duration.ZERO).apply(collection);
        assertThat(timestampIndexes()).singleElement()
                .satisfies(index -> assertThat(index.containsKey("expireAfterSeconds")).isFalse());

        new TimestampIndex(Duration.ofHours(1)).apply(collection);
        assertThat(timestampIndexes()).singleElement()
                .satisfies(index -> assertThat(index.get("expireAfterSeconds", Number.class).longValue())
                        .isEqualTo(3_600L));
    }

    @Test
    void leavesAnIndexWithTheSameRetentionAlone() {
        TimestampIndex index = new TimestampIndex(Duration.ofDays(7));
        index.apply(collection);
        index.apply(collection);

        assertThat(timestampIndexes()).hasSize(1);
    }

    private List<Document> timestampIndexes() {
        List<Document> indexes = new ArrayList<>();
        collection.listIndexes().forEach(index -> {
            if (index.get("key", Document.class).equals(new Document("timestamp", 1))) {
                indexes.add(index);
            }
        });
        return indexes;
    }
}
