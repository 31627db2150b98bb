package io.cryptopipe.store;

import io.cryptopipe.testsupport.StallingProxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's stack with a {@link StallingProxy} between the service and the MongoDB wire server, so that a test
 * can make MongoDB stop answering while every connection stays open. The read timeout is cut to
 * {@value #READ_TIMEOUT} so that the test sees it expire quickly; the production value is checked by
 * {@link MongoClientSettingsTest}.
 */
public class ProxiedMongoStackTestResource extends StoreStackTestResource {

    static final String READ_TIMEOUT = "3s";

    private static StallingProxy proxy;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            proxy = new StallingProxy(mongo().port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("quarkus.mongodb.connection-string", proxy.mongoConnectionString());
        config.put("quarkus.mongodb.read-timeout", READ_TIMEOUT);
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        super.stop();
    }

    public static StallingProxy proxy() {
        return proxy;
    }
}
