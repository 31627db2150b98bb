package io.cryptopipe.localstack.testing;

import io.cryptopipe.localstack.MongoWireServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Only the in-memory MongoDB wire-protocol server, on a free loopback port, for services that need no Kafka.
 */
public class MongoWireTestResource implements QuarkusTestResourceLifecycleManager {

    private static MongoWireServer mongo;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            socket.close();
            mongo = new MongoWireServer(null, port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.mongodb.connection-string", mongo.connectionString());
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }

    public static MongoWireServer mongo() {
        return mongo;
    }
}
