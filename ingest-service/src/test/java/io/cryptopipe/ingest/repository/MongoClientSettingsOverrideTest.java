package io.cryptopipe.ingest.repository;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.cryptopipe.ingest.LeasedLocalStackTestResource;
import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sets wins over the shared MongoDB defaults. The profile's overrides are one more configuration
 * source above the shared file, as the environment variables of a deployment are
 * ({@code QUARKUS_MONGODB_WRITE_CONCERN_W=1}, {@code QUARKUS_MONGODB_READ_TIMEOUT=45s}, ...). In the application of
 * {@link PollerLeaseTakeoverTest}, whose replicas share their lease through a MongoDB client so tuned.
 */
@QuarkusTest
@TestProfile(PollerLeaseTakeoverTest.Profile.class)
@WithTestResource(LeasedLocalStackTestResource.class)
class MongoClientSettingsOverrideTest {

    /** A user's own MongoDB settings. */
    static final Map<String, String> USER_SETTINGS = Map.of(
            "quarkus.mongodb.write-concern.w", "1",
            "quarkus.mongodb.write-concern.w-timeout", "",
            "quarkus.mongodb.write-concern.journal", "false",
            "quarkus.mongodb.write-concern.retry-writes", "false",
            "quarkus.mongodb.read-timeout", "45s");

    @Inject
    MongoClient client;

    @Inject
    EffectiveMongoClientSettings effective;

    @Test
    void whatTheUserSetsWinsOverTheSharedDefaults() {
        MongoClientSettings settings = effective.settings();

        assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.W1.withJournal(false));
        assertThat(settings.getRetryWrites()).isFalse();
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(45);
        assertThat(client.getWriteConcern()).isEqualTo(settings.getWriteConcern());
    }
}
