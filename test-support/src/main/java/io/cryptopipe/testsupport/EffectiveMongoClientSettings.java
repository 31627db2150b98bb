package io.cryptopipe.testsupport;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.quarkus.arc.Arc;
import io.quarkus.mongodb.runtime.MongoClientCustomizer;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings a service's MongoDB client was really created with, for its tests: Quarkus hands every customizer
 * the builder it filled from the connection string and then from {@code quarkus.mongodb.*}, and builds the client
 * from it right after. The services have no customizer of their own, so what this one sees is what the driver gets.
 * A CDI bean of every {@code @QuarkusTest} of a service that has this module on its test classpath.
 */
@Singleton
public class EffectiveMongoClientSettings implements MongoClientCustomizer {

    private static final Logger LOG = Logger.getLogger(EffectiveMongoClientSettings.class);

    /** Write concern every service uses unless configured otherwise: majority, journaled, 10 s for the replicas. */
    public static final WriteConcern SHARED_WRITE_CONCERN = WriteConcern.MAJORITY.withJournal(true)
            .withWTimeout(10, TimeUnit.SECONDS);
    /** Longest silence while reading a reply, for every operation without a bound of its own. */
    public static final long SHARED_READ_TIMEOUT_MS = 30_000;

    private volatile MongoClientSettings settings;

    @Override
    public MongoClientSettings.Builder customize(MongoClientSettings.Builder builder) {
        settings = builder.build();
        return builder;
    }

    /** @throws IllegalStateException when the application has not created its MongoDB client yet */
    public MongoClientSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("no MongoDB client created yet: inject the MongoClient first");
        }
        return settings;
    }

    /** Asserts the shared defaults of the three services (see service-runtime's microprofile-config.properties). */
    public MongoClientSettings assertSharedDefaults() {
        MongoClientSettings actual = settings();
        assertThat(actual.getWriteConcern()).as("write concern").isEqualTo(SHARED_WRITE_CONCERN);
        assertThat(actual.getRetryWrites()).as("retryable writes").isTrue();
        assertThat(actual.getRetryReads()).as("retryable reads").isTrue();
        assertThat(actual.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).as("read timeout")
                .isEqualTo(SHARED_READ_TIMEOUT_MS);
        assertThat(actual.getTimeout(TimeUnit.MILLISECONDS)).as("client-wide operation timeout (CSOT), unset")
                .isNull();
        return actual;
    }

    /**
     * Asserts the shared defaults on the settings the driver got and the live client's write concern, and logs what
     * the named service's client runs with.
     */
    public void assertLiveClient(MongoClient client, String service) {
        MongoClientSettings actual = assertSharedDefaults();
        assertThat(client.getWriteConcern()).as("the live client's").isEqualTo(actual.getWriteConcern());
        LOG.infof("%s MongoDB client: %s", service, describe(actual));
    }

    /** {@link #assertLiveClient(MongoClient, String)} on the application's own client, which it creates first. */
    public void assertLiveClient(String service) {
        assertLiveClient(Arc.container().instance(MongoClient.class).get(), service);
    }

    /** One line for a test's log: what the client runs with. */
    public static String describe(MongoClientSettings s) {
        WriteConcern wc = s.getWriteConcern();
        return "w=" + wc.getWObject() + " wtimeout=" + wc.getWTimeout(TimeUnit.MILLISECONDS) + "ms journal="
                + wc.getJournal() + " retryWrites=" + s.getRetryWrites() + " retryReads=" + s.getRetryReads()
                + " readTimeout=" + s.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS) + "ms connectTimeout="
                + s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS) + "ms serverSelectionTimeout="
                + s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS) + "ms timeoutMS="
                + s.getTimeout(TimeUnit.MILLISECONDS) + " readConcern=" + s.getReadConcern().asDocument().toJson()
                + " readPreference=" + s.getReadPreference().getName();
    }
}
