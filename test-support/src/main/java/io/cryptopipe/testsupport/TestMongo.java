package io.cryptopipe.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * The MongoDB a test talks to. By default an in-memory wire-protocol server of its own, on a free loopback port.
 * In the conformance run ({@code -Preal-mongodb}) a real server instead: the one {@value #URI_VARIABLE} names
 * (e.g. an Atlas cluster), or else a {@code mongo:7} container started through Testcontainers where Docker exists.
 * <p>
 * On a real server every instance gets a database of its own, dropped by {@link #close()}, so tests never see each
 * other's documents or a user's data. On the wire server the database keeps the name the test asked for.
 */
public final class TestMongo implements AutoCloseable {

    /** The real server's connection string for the conformance run. */
    public static final String URI_VARIABLE = "MONGODB_TEST_URI";
    /** Set by the {@code real-mongodb} Maven profile: run against a real server, never the wire server. */
    public static final String REAL_PROPERTY = "cryptopipe.test.real-mongodb";
    /** JUnit tag of tests that need what only a real server does (TTL expiry, explain); run by the profile only. */
    public static final String REAL_SERVER_ONLY = "real-mongodb";
    /** JUnit tag of tests that stop and start the wire server (outages); left out of the conformance run. */
    public static final String WIRE_SERVER_ONLY = "wire-server";

    private final MongoWireServer wire;
    private final String connectionString;
    private final String database;

    private TestMongo(MongoWireServer wire, String connectionString, String database) {
        this.wire = wire;
        this.connectionString = connectionString;
        this.database = database;
    }

    /** True in the conformance run: {@value #URI_VARIABLE} is set or the {@code real-mongodb} profile is on. */
    public static boolean real() {
        return realUri() != null || Boolean.getBoolean(REAL_PROPERTY);
    }

    /** @param database the database the test uses on the wire server; on a real server a unique name built on it */
    public static TestMongo start(String database) {
        if (!real()) {
            try {
                MongoWireServer server = new MongoWireServer(null, LoopbackPorts.free()).start();
                return new TestMongo(server, server.connectionString(), database);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String uri = realUri() != null ? realUri() : MongoContainer.connectionString();
        // Atlas allows 38 bytes in a database name: keep the test's name short and the suffix unique.
        String prefix = database.length() > 20 ? database.substring(0, 20) : database;
        String unique = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        return new TestMongo(null, uri, unique);
    }

    public String connectionString() {
        return connectionString;
    }

    public String database() {
        return database;
    }

    /** What a Quarkus test resource hands the service: the server and the database. */
    public Map<String, String> quarkusConfig() {
        return Map.of("quarkus.mongodb.connection-string", connectionString,
                "quarkus.mongodb.database", database);
    }

    /**
     * The wire server itself, for tests that stop and start it (outages). Such tests carry the
     * {@value #WIRE_SERVER_ONLY} tag, which the conformance run leaves out.
     */
    public MongoWireServer wireServer() {
        if (wire == null) {
            throw new IllegalStateException("this test stops and starts the wire-protocol server; tag it '"
                    + WIRE_SERVER_ONLY + "' so that the real-server run leaves it out");
        }
        return wire;
    }

    @Override
    public void close() {
        if (wire != null) {
            wire.close();
            return;
        }
        try (MongoClient client = MongoClients.create(connectionString)) {
            client.getDatabase(database).drop();
        }
    }

    private static String realUri() {
        String uri = System.getenv(URI_VARIABLE);
        return uri == null || uri.isBlank() ? null : uri;
    }
}
