package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One MongoDB (the wire-protocol server, or a real one, see {@link TestMongo}) for a test class, and one of its
 * collections emptied before each test. Register it as a static {@code @RegisterExtension} field.
 */
public final class FreshMongoCollection implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final String name;
    private TestMongo server;
    private MongoClient client;
    private MongoCollection<Document> collection;

    public FreshMongoCollection(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestMongo.start("crypto_market");
        client = MongoClients.create(server.connectionString());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        collection = client.getDatabase(server.database()).getCollection(name);
        collection.drop();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    MongoCollection<Document> collection() {
        return collection;
    }

    /** Another collection of the same database, emptied now. */
    public MongoCollection<Document> sibling(String other) {
        MongoCollection<Document> sibling = client.getDatabase(server.database()).getCollection(other);
        sibling.drop();
        return sibling;
    }

    /** The collection emptied before this test, for tests outside this package. */
    public MongoCollection<Document> fresh() {
        return collection;
    }
}
