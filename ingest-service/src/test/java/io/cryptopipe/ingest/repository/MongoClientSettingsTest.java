package io.cryptopipe.ingest.repository;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import io.cryptopipe.ingest.LocalStackReplay;
import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The MongoDB client ingest-service (lease, call ledger) really runs with, as the driver got it. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "speed", value = LocalStackReplay.SPEED))
class MongoClientSettingsTest {

    private static final Logger LOG = Logger.getLogger(MongoClientSettingsTest.class);

    @Inject
    MongoClient client;

    @Inject
    EffectiveMongoClientSettings effective;

    @Test
    void writesWaitForAMajorityAreRetriedOnceAndEveryReplyHasABound() {
        MongoClientSettings settings = effective.assertSharedDefaults();

        assertThat(client.getWriteConcern()).as("the live client's").isEqualTo(settings.getWriteConcern());
        LOG.infof("ingest-service MongoDB client: %s", EffectiveMongoClientSettings.describe(settings));
    }
}
