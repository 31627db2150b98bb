package io.cryptopipe.aggregate;

import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB client the daily job really runs with, as the driver got it (not as the properties file says). A
 * {@code @QuarkusTest} starts the job's application without running the command.
 */
@QuarkusTest
// The profile of the job's other @QuarkusTest, so that both run in one start of the application.
@TestProfile(SharedLocalStack.class)
class MongoClientSettingsTest {

    @Inject
    EffectiveMongoClientSettings effective;

    @Test
    void writesWaitForAMajorityAreRetriedOnceAndEveryReplyHasABound() {
        effective.assertLiveClient("aggregate-service");
    }
}
