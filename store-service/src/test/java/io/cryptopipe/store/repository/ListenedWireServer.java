package io.cryptopipe.store.repository;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;
import io.cryptopipe.store.MongoCommands;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A wire-protocol MongoDB server of a test class's own, and a client whose commands the test counts. */
final class ListenedWireServer implements BeforeAllCallback, AfterAllCallback {

    private final MongoCommands commands;
    private MongoWireServer server;
    private MongoClient client;

    ListenedWireServer(MongoCommands commands) {
        this.commands = commands;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = new MongoWireServer(null, LoopbackPorts.free()).start();
        client = client(Duration.ofSeconds(10));
    }

    /**
     * A new client of the server (the caller closes it), its commands counted too, that gives up waiting for the
     * server after {@code serverSelection}.
     */
    MongoClient client(Duration serverSelection) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(serverSelection.toMillis(),
                        TimeUnit.MILLISECONDS))
                .addCommandListener(commands)
                .build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    MongoWireServer server() {
        return server;
    }

    MongoClient client() {
        return client;
    }
}
