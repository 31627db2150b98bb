package io.cryptopipe.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A MongoDB wire-protocol server (mongo-java-server). With a data directory it keeps its data in an H2 file that
 * survives restarts; without one it keeps it in memory (tests).
 */
public final class MongoWireServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MongoWireServer.class.getName());

    private final Path dataDir;
    private final int port;
    private MongoServer server;
    private MongoBackend backend;

    /** @param dataDir where to keep the data, or {@code null} for an in-memory server */
    public MongoWireServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized MongoWireServer start() throws IOException {
        if (server != null) {
            return this;
        }
        if (backend == null) {
            backend = newBackend();
        }
        server = new MongoServer(new OutageSurvivingBackend(backend));
        server.bind("127.0.0.1", port);
        LOG.info(() -> "MongoDB wire-protocol server listening on " + connectionString()
                + (dataDir == null ? " (in memory)" : ", data in " + dataDir));
        return this;
    }

    /**
     * Closes the listening socket and every client connection but keeps the data, like a database outage;
     * {@link #start()} serves the same data again.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private MongoBackend newBackend() throws IOException {
        if (dataDir == null) {
            return new MemoryBackend();
        }
        Files.createDirectories(dataDir);
        return new H2Backend(dataDir.resolve("mongo.mv").toString());
    }
}
