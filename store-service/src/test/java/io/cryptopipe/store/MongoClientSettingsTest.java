package io.cryptopipe.store;

import com.mongodb.client.MongoClient;
import io.cryptopipe.testsupport.EffectiveMongoClientSettings;
import io.cryptopipe.testsupport.RecordedMongoCommands;
import io.cryptopipe.store.config.StoreConfig;
import io.cryptopipe.contract.CollectionNames;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MongoDB client store-service really runs with, as the driver got it (not as the properties file says). */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class MongoClientSettingsTest {

    @Inject
    MongoClient client;

    @Inject
    EffectiveMongoClientSettings effective;

    @Inject
    RecordedMongoCommands commands;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Inject
    StoreConfig config;

    @Test
    void writesWaitForAMajorityAreRetriedOnceAndEveryReplyHasABound() {
        effective.assertLiveClient(client, "store-service");
    }

    @Test
    void indexBuildsHaveTheLongerAdministrativeBoundAndOrdinaryOperationsNone() {
        client.getDatabase(database).getCollection(CollectionNames.RAW).countDocuments();

        // The driver's operation timeout set for the call: sent to the server as what remains of it.
        assertThat(commands.named("createIndexes")).isNotEmpty().allSatisfy(command ->
                assertThat(command.maxTimeMs().orElse(-1)).as("maxTimeMS of createIndexes")
                        .isBetween(Duration.ofMinutes(9).toMillis(), config.adminTimeout().toMillis()));
        assertThat(config.adminTimeout()).isEqualTo(Duration.ofMinutes(10));
        List<RecordedMongoCommands.Command> aggregates = commands.named("aggregate");
        assertThat(aggregates).as("the count").isNotEmpty();
        assertThat(aggregates.get(aggregates.size() - 1).maxTimeMs()).as("the count's maxTimeMS").isEmpty();
    }
}
