package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.testsupport.TestMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A pipeline test's database on the wire server (or the conformance run's real one): started once for the class,
 * emptied before each test, with the unique {@code (coin_id, date)} index the daily {@code $merge} needs.
 */
final class PipelineDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final String name;
    private TestMongo server;
    private MongoClient client;
    private MongoDatabase database;

    PipelineDatabase(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestMongo.start(name);
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase(server.database());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database.drop();
        database.getCollection("daily").createIndex(Indexes.ascending("coin_id", "date"),
                new IndexOptions().unique(true));
    }

    MongoDatabase database() {
        return database;
    }

    TestMongo server() {
        return server;
    }
}
