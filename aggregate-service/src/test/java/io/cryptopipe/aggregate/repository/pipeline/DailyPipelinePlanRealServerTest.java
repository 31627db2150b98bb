package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.ExplainVerbosity;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily pipeline's plan on a real server's planner: the day is read from the identity index in its order, never
 * by a collection scan or a blocking sort of the day's observations. Only a real server has a planner and
 * {@code explain} (the wire server has neither), so this runs in the {@code real-mongodb} profile only. The check
 * walks the whole explain document, so it holds for the classic engine and for the slot-based one (7.0+) alike.
 */
@Tag(TestMongo.REAL_SERVER_ONLY)
class DailyPipelinePlanRealServerTest {

    private static final LocalDate DAY = LocalDate.of(2026, 8, 10);

    private static TestMongo mongo;
    private static MongoClient client;
    private static MongoCollection<Document> raw;

    @BeforeAll
    static void rawCollectionWithTheStoresIndexes() {
        mongo = TestMongo.start("daily_plan");
        client = MongoClients.create(mongo.connectionString());
        raw = client.getDatabase(mongo.database()).getCollection("market_data_raw");
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        Instant midnight = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Document> documents = new ArrayList<>();
        for (String coin : List.of("bitcoin", "ethereum", "solana")) {
            // The day before, the day and the day after, so both bounds of the range matter.
            for (int minute = -120; minute < 24 * 60 + 120; minute += 5) {
                documents.add(new Document("coin_id", coin)
                        .append("timestamp", Date.from(midnight.plus(Duration.ofMinutes(minute))))
                        .append("current_price", 100.0 + minute));
            }
        }
        raw.insertMany(documents);
    }

    @AfterAll
    static void dropDatabase() {
        client.close();
        mongo.close();
    }

    @Test
    void theDayIsReadFromTheIdentityIndexInItsOrderWithoutACollectionScanOrABlockingSort() {
        Document plan = DailyPipeline.over(raw, DAY, "market_data_daily", Duration.ofSeconds(30), Duration.ofMinutes(5),
                        CoinIdRange.covering(List.of("bitcoin", "ethereum", "solana"), 2).get(0))
                .explain(ExplainVerbosity.QUERY_PLANNER);
        Document answer = new Document(plan);
        answer.remove("command"); // the echo of the command as sent, with its hint and its $sort
        String json = answer.toJson();

        assertThat(json).as("explain of the day's pipeline").contains("coin_id_1_timestamp_1")
                .doesNotContain("COLLSCAN");
        List<Document> sorts = new ArrayList<>();
        collectSortsOfTheDay(plan, sorts);
        assertThat(sorts).as("sorts of the day's observations by (coin_id, timestamp) in %s", json).isEmpty();
    }

    /**
     * Every SORT stage's pattern or $sort stage's key that orders raw observations by (coin_id, timestamp). The echo
     * of the command the server explains ({@code command}) holds the pipeline as sent, with its $sort: left out.
     */
    private static void collectSortsOfTheDay(Object node, List<Document> found) {
        if (node instanceof Document document) {
            for (String key : List.of("sortPattern", "sortKey", "$sort")) {
                if (document.get(key) instanceof Document order && isDayOrder(order)) {
                    found.add(document);
                }
            }
            document.forEach((key, value) -> {
                if (!key.equals("command")) {
                    collectSortsOfTheDay(value, found);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectSortsOfTheDay(value, found));
        }
    }

    private static boolean isDayOrder(Document order) {
        return order.keySet().stream().toList().equals(List.of("coin_id", "timestamp"))
                && order.values().stream().allMatch(v -> v instanceof Number n && n.intValue() == 1);
    }
}
