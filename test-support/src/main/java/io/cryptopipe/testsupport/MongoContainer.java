package io.cryptopipe.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * One {@code mongo:7} single-node replica set per test JVM, for the conformance run on a machine with Docker and
 * no {@value TestMongo#URI_VARIABLE}. A replica set, not a standalone server, because what the services rely on
 * (retryable writes, write concern majority) exists only there. Its own class, so that Testcontainers (on the
 * classpath only in the {@code real-mongodb} profile) is loaded only when it is used.
 */
final class MongoContainer {

    static final String IMAGE = "mongo:7";

    private static MongoDBContainer container;

    private MongoContainer() {
    }

    static synchronized String connectionString() {
        if (container == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("the real-mongodb profile needs a real server: set "
                        + TestMongo.URI_VARIABLE + " (e.g. an Atlas cluster) or run where Docker can start "
                        + IMAGE);
            }
            container = new MongoDBContainer(IMAGE).withReplicaSet();
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-mongo-container"));
        }
        return container.getReplicaSetUrl();
    }
}
