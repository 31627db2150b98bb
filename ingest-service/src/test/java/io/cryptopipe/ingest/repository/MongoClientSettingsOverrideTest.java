package io.cryptopipe.ingest.repository;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sets wins over the shared MongoDB defaults. The profile's overrides are one more configuration
 * source above the shared file, as the environment variables of a deployment are
 * ({@code QUARKUS_MONGODB_WRITE_CONCERN_W=1}, {@code QUARKUS_MONGODB_READ_TIMEOUT=45s}, ...).
 */
@QuarkusTest
@TestProfile(MongoClientSettingsOverrideTest.UserSettings.class)
@WithTestResource(LocalStackTestResource.class)
class MongoClientSettingsOverrideTest {

    public static class UserSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mongodb.write-concern.w", "1",
                    "quarkus.mongodb.write-concern.w-timeout", "",
                    "quarkus.mongodb.write-concern.journal", "false",
                    "quarkus.mongodb.write-concern.retry-writes", "false",
                    "quarkus.mongodb.read-timeout", "45s");
        }
    }

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
