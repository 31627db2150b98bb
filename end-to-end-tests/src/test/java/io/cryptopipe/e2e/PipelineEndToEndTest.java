package io.cryptopipe.e2e;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged services as separate processes, configured only by the environment a deployment gives them, against
 * a real Kafka broker, the MongoDB wire-protocol server and the CoinGecko stand-in: polls become raw documents,
 * raw documents become daily documents.
 */
class PipelineEndToEndTest {

    @TempDir
    static Path kafkaData;

    private static PackagedServices services;
    private static PackagedServices.StoreAndIngest pipeline;

    @BeforeAll
    static void startStackAndServices() throws Exception {
        // 900x with a 2 s window: every 2 s poll sees the next recorded 30-minute poll.
        services = new PackagedServices(kafkaData, 900, Duration.ofSeconds(2));
        pipeline = services.startStoreAndIngest("", Map.of(
                "INGEST_POLL_INTERVAL", "2s",
                // The stand-in has no quota; with the demo plan's default budget a 2 s interval would be stretched.
                "INGEST_BUDGET_PER_MONTH", "10000000"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        PackagedServices.closeAll(services);
    }

    @Test
    void pollsBecomeRawDocumentsOnEveryPollAndTheDailyJobSummarisesTheDay() throws Exception {
        pipeline.awaitBothReady();
        MongoDatabase db = services.database();
        MongoCollection<Document> raw = db.getCollection("market_data_raw");

        // The collection grows poll after poll: three successive increases.
        long previous = raw.countDocuments();
        for (int growth = 0; growth < 3; growth++) {
            long before = previous;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> raw.countDocuments() > before);
            previous = raw.countDocuments();
        }
        assertThat(raw.distinct("coin_id", String.class).into(new ArrayList<>())).hasSizeGreaterThanOrEqualTo(50);

        // The daily job for the day most observations fall on.
        Document newest = raw.find().sort(new Document("timestamp", -1)).first();
        LocalDate day = newest.getDate("timestamp").toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        pipeline.stopIngest();
        Date from = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date to = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Integer> expectedPoints = new HashMap<>();
        raw.find(Filters.and(Filters.gte("timestamp", from), Filters.lt("timestamp", to)))
                .forEach(d -> expectedPoints.merge(d.getString("coin_id"), 1, Integer::sum));

        PackagedServices.ProcessResult result = services.run("aggregate-service", Map.of(), "--date", day.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();

        Map<String, Integer> dailyPoints = new HashMap<>();
        db.getCollection("market_data_daily").find(Filters.eq("date", day.toString()))
                .forEach(d -> dailyPoints.put(d.getString("coin_id"), ((Number) d.get("data_points")).intValue()));
        assertThat(dailyPoints).isEqualTo(expectedPoints);
    }
}
