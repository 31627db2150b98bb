package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import io.cryptopipe.ingest.LocalStackReplay;
import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The MongoDB client ingest-service (lease, call ledger) really runs with, as the driver got it. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "speed", value = LocalStackReplay.SPEED))
class MongoClientSettingsTest {

    @Inject
    MongoClient client;

    @Inject
    EffectiveMongoClientSettings effective;

    @Test
    void writesWaitForAMajorityAreRetriedOnceAndEveryReplyHasABound() {
        effective.assertLiveClient(client, "ingest-service");
    }
}
