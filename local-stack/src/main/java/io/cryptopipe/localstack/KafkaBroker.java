package io.cryptopipe.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), started from the
 * Kafka jars. Its log directory survives restarts: it is formatted only the first time.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean temporary;
    private KafkaRaftServer server;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, false);
    }

    private KafkaBroker(Path dataDir, int port, int controllerPort, boolean temporary) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.temporary = temporary;
    }

    /**
     * A broker on two free loopback ports (clients and controller), started, its data in a temporary directory
     * deleted on close.
     */
    public static KafkaBroker startTemporary() {
        try {
            Path dataDir = Files.createTempDirectory("kafka-broker");
            return new KafkaBroker(dataDir, LoopbackPorts.free(), LoopbackPorts.free(), true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a temporary Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized KafkaBroker start() throws IOException {
        if (server != null) {
            return this;
        }
        Path logDir = dataDir.resolve("kafka-logs");
        Files.createDirectories(logDir);
        Properties props = serverProperties(logDir);
        Path propsFile = dataDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "single-node KRaft broker of the local stack");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propsFile);
        }
        server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        LOG.info(() -> "Kafka broker listening on " + bootstrapServers() + ", data in " + logDir);
        return this;
    }

    /** Stops the broker gracefully; {@link #start()} brings it back with the same data. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        if (temporary) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warning(() -> "Temporary broker data left in " + dataDir + ": " + e.getMessage());
            }
        }
    }

    private Properties serverProperties(Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created by the services with the partitions they need, as on a production cluster.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.flush.interval.messages", "1");
        return p;
    }

    private static void format(Path propsFile) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String clusterId = clusterId();
        int code;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString()}, print);
        }
        if (code != 0) {
            throw new IOException("formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    // Kafka's own generator: a base64url id may start with '-', which the format tool would read as an option
    // (1 start in 64 failed that way); Uuid.randomUuid never returns such an id.
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
