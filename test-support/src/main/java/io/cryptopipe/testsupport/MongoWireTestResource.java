package io.cryptopipe.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Only MongoDB, for a service test that needs no Kafka: the in-memory wire-protocol server on a free loopback port,
 * or a real server in the conformance run (see {@link TestMongo}).
 */
public class MongoWireTestResource implements QuarkusTestResourceLifecycleManager {

    private static TestMongo mongo;

    @Override
    public Map<String, String> start() {
        mongo = TestMongo.start("crypto_market");
        return mongo.quarkusConfig();
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }

    public static TestMongo testMongo() {
        return mongo;
    }
}
