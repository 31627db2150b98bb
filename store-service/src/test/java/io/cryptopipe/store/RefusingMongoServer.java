package io.cryptopipe.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory MongoDB wire-protocol server on a free loopback port that can be told to answer read commands with
 * a given server error, as a real MongoDB does when a query exceeds its time or memory limit: the driver then parses
 * a real error reply and throws the exception it throws in production. (mongo-java-server has no such limits and
 * ignores {@code maxTimeMS}.)
 */
public final class RefusingMongoServer implements AutoCloseable {

    private final RefusingBackend backend = new RefusingBackend();
    private final MongoServer server = new MongoServer(backend);
    private final InetSocketAddress address;

    public RefusingMongoServer() {
        server.bind("127.0.0.1", 0);
        address = server.getLocalAddress();
    }

    /** Until {@link #answerNormally()}: every {@code aggregate} and {@code find} fails with this error. */
    public void refuseReads(int code, String codeName, String message) {
        backend.refusal = new MongoServerError(code, codeName, message);
    }

    public void answerNormally() {
        backend.refusal = null;
    }

    /** A client of this server with a short server-selection timeout. */
    public MongoClient client() {
        return MongoClients.create(settings().build());
    }

    /**
     * A client that hands every command it sends to {@code started}. The listener is a proxy rather than a class of
     * the test sources: Quarkus makes every {@link CommandListener} class it finds a bean of the application under
     * test, whose MongoDB client would then report to it too.
     */
    public MongoClient client(Consumer<CommandStartedEvent> started) {
        CommandListener listener = (CommandListener) Proxy.newProxyInstance(CommandListener.class.getClassLoader(),
                new Class<?>[]{CommandListener.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commandStarted")) {
                        started.accept((CommandStartedEvent) args[0]);
                    }
                    return null;
                });
        return MongoClients.create(settings().addCommandListener(listener).build());
    }

    private MongoClientSettings.Builder settings() {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final class RefusingBackend extends MemoryBackend {

        private volatile MongoServerError refusal;

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            MongoServerError error = refusal;
            if (error != null && (command.equals("aggregate") || command.equals("find"))) {
                throw error;
            }
            return super.handleCommand(channel, database, command, query);
        }
    }
}
