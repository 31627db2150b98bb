package io.cryptopipe.aggregate.service;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.cryptopipe.aggregate.RawData;
import io.cryptopipe.aggregate.RawDayGenerator;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.cryptopipe.aggregate.messaging.DailyEvents;
import io.cryptopipe.contract.CollectionNames;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of a day writes each of its daily documents once, complete, and reads them back once: the only commands
 * that write the daily collection are the coin ranges' {@code $merge} pipelines, whose ranges hold each coin exactly
 * once, and one {@code find} reads the day for the quality gate and the events. Seen in the commands the job's own
 * MongoDB client sent ({@link DailyCollectionCommands}), against the wire-protocol server and the real broker.
 */
@QuarkusTest
@TestProfile(SharedLocalStack.class)
class DailyDocumentsWrittenOnceTest {

    private static final LocalDate DAY = LocalDate.of(2025, 9, 1);
    /** More than the profile's coins per pipeline: the day runs as several ranges. */
    private static final int COINS = 40;

    @Inject
    DailyAggregation aggregation;

    @Inject
    DailyCollectionCommands commands;

    @Inject
    MongoClient client;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void eachDailyDocumentIsWrittenOnceByItsRangesMergeAndTheDayIsReadOnce() {
        List<RawDayGenerator.Observation> observations =
                RawDayGenerator.plainDay(DAY, COINS, Duration.ofHours(1), DAY.toEpochDay());
        RawData.insert(client.getDatabase(database),
                observations.stream().map(RawDayGenerator.Observation::toDocument).toList());
        aggregation.prepare();
        commands.clear();

        DaySummary summary;
        try (DailyEvents events = aggregation.openEvents()) {
            summary = aggregation.aggregate(DAY, events);
        }

        assertThat(summary.coins()).isEqualTo(COINS);
        assertThat(summary.events()).isEqualTo(COINS);
        assertThat(client.getDatabase(database).getCollection(CollectionNames.DAILY)
                .countDocuments(Filters.eq("date", DAY.toString()))).isEqualTo(COINS);
        List<BsonDocument> writes = commands.writes();
        // Several ranges, and nothing but their pipelines: no insert, update or delete of a daily document.
        assertThat(writes).as("commands that wrote the daily collection").hasSizeGreaterThan(1)
                .extracting(BsonDocument::getFirstKey).containsOnly("aggregate");
        for (int coin = 0; coin < COINS; coin++) {
            String coinId = RawDayGenerator.coinId(coin);
            assertThat(writes.stream().filter(merge -> rangeHolds(merge, coinId)))
                    .as("$merge pipelines whose range holds %s", coinId).hasSize(1);
        }
        assertThat(commands.finds()).as("reads of the daily collection").singleElement()
                .satisfies(find -> assertThat(find.getDocument("filter"))
                        .isEqualTo(new BsonDocument("date", new BsonString(DAY.toString()))));
    }

    /** Whether the pipeline's {@code $match} bounds on {@code coin_id} hold the coin. */
    private static boolean rangeHolds(BsonDocument aggregate, String coinId) {
        BsonDocument match = aggregate.getArray("pipeline").get(0).asDocument().getDocument("$match");
        boolean holds = true;
        for (BsonValue clause : match.getArray("$and")) {
            BsonDocument bound = clause.asDocument().getDocument("coin_id", null);
            if (bound != null && bound.containsKey("$gte")) {
                holds &= coinId.compareTo(bound.getString("$gte").getValue()) >= 0;
            }
            if (bound != null && bound.containsKey("$lt")) {
                holds &= coinId.compareTo(bound.getString("$lt").getValue()) < 0;
            }
        }
        return holds;
    }
}
