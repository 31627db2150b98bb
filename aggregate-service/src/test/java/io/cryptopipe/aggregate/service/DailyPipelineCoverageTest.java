package io.cryptopipe.aggregate.service;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coverage and longest gap {@link DailyPipeline} computes inside the database, run against the MongoDB
 * wire-protocol server (the same operators real MongoDB evaluates the same way), edge by edge.
 */
class DailyPipelineCoverageTest {

    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);
    private static final Instant MIDNIGHT = Instant.parse("2024-02-29T00:00:00Z");
    private static final Instant NEXT_MIDNIGHT = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    private static MongoWireServer server;
    private static MongoClient client;
    private static MongoDatabase database;

    @BeforeAll
    static void startServer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = new MongoWireServer(null, port).start();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("pipeline_coverage");
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void emptyCollections() {
        database.drop();
        database.getCollection("daily").createIndex(Indexes.ascending("coin_id", "date"),
                new IndexOptions().unique(true));
    }

    @Test
    void coinObservedEveryIntervalFromMidnightHasFullCoverageAndAGapOfOneInterval() {
        insertEvery("bitcoin", MIDNIGHT, NEXT_MIDNIGHT, THIRTY_SECONDS);

        Document quality = qualityOf("bitcoin", THIRTY_SECONDS);

        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(2880);
        assertThat(quality.get("expected_observations", Number.class).intValue()).isEqualTo(2880);
        assertThat(quality.get("coverage", Number.class).doubleValue()).isEqualTo(1.0);
        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(30.0);
        assertThat(quality.get("expected_interval_seconds", Number.class).doubleValue()).isEqualTo(30.0);
    }

    @Test
    void coinThatStopsAtNoonHasATwelveHourGapToTheNextMidnight() {
        insertEvery("solana", MIDNIGHT, at("12:00:00"), THIRTY_SECONDS);

        Document quality = qualityOf("solana", THIRTY_SECONDS);

        // The last observation is at 11:59:30.
        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(12 * 3600 + 30);
        assertThat(quality.get("coverage", Number.class).doubleValue()).isEqualTo(0.5);
    }

    @Test
    void gapBeforeTheFirstObservationCountsFromMidnight() {
        insertEvery("ethereum", at("03:00:00"), NEXT_MIDNIGHT, THIRTY_SECONDS);

        assertThat(qualityOf("ethereum", THIRTY_SECONDS).get("longest_gap_seconds", Number.class).doubleValue())
                .isEqualTo(3 * 3600);
    }

    @Test
    void gapInTheMiddleOfTheDayIsMeasuredBetweenNeighboursToTheMillisecond() {
        insert("dogecoin", at("00:00:10"), at("06:00:00.250"), at("19:15:00.750"), at("23:59:59.999"));

        Document quality = qualityOf("dogecoin", THIRTY_SECONDS);

        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(47_700.5);
        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(4);
    }

    @Test
    void severalObservationsInOneIntervalCountOnceTowardsCoverage() {
        // A burst of 120 observations a second apart covers 4 slots of 30 s, not 120.
        insertEvery("ripple", at("10:00:00"), at("10:02:00"), Duration.ofSeconds(1));

        Document quality = qualityOf("ripple", THIRTY_SECONDS);

        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(4);
        assertThat(quality.get("coverage", Number.class).doubleValue()).isEqualTo(4 / 2880.0);
    }

    @Test
    void observationsEitherSideOfASlotBoundaryCountAsTwoSlots() {
        insert("tron", at("08:00:29.999"), at("08:00:30"));

        assertThat(qualityOf("tron", THIRTY_SECONDS).get("observations", Number.class).intValue()).isEqualTo(2);
    }

    @Test
    void onlyObservationAtMidnightLeavesTheRestOfTheDayAsOneGap() {
        insert("cardano", MIDNIGHT);

        Document quality = qualityOf("cardano", THIRTY_SECONDS);

        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(86_400);
        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(1);
    }

    @Test
    void eachCoinIsWalkedOnItsOwn() {
        insert("a-coin", at("01:00:00"), at("02:00:00"));
        insert("b-coin", at("00:30:00"));

        assertThat(qualityOf("a-coin", THIRTY_SECONDS).get("longest_gap_seconds", Number.class).doubleValue())
                .isEqualTo(22 * 3600);
        assertThat(qualityOf("b-coin", THIRTY_SECONDS).get("longest_gap_seconds", Number.class).doubleValue())
                .isEqualTo(23.5 * 3600);
    }

    @Test
    void observationsOfTheDaysAroundAreLeftOut() {
        insert("bitcoin", MIDNIGHT.minusMillis(1), at("12:00:00"), NEXT_MIDNIGHT);

        Document quality = qualityOf("bitcoin", THIRTY_SECONDS);

        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(1);
        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(12 * 3600);
    }

    @Test
    void intervalThatDoesNotDivideTheDayStillCountsItsLastShortSlot() {
        // Slots start at 00, 07, 14 and 21 h; the last one is 3 h long.
        insert("a-coin", at("22:00:00"));

        Document quality = qualityOf("a-coin", Duration.ofHours(7));

        assertThat(quality.get("expected_observations", Number.class).intValue()).isEqualTo(4);
        assertThat(quality.get("coverage", Number.class).doubleValue()).isEqualTo(0.25);
    }

    @Test
    void intervalLongerThanADayIsRefused() {
        assertThatThrownBy(() -> DailyPipeline.forDay(DAY, "daily", Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected interval");
    }

    private Document qualityOf(String coin, Duration interval) {
        raw().aggregate(DailyPipeline.forDay(DAY, "daily", interval)).allowDiskUse(true).toCollection();
        Document daily = database.getCollection("daily")
                .find(Filters.and(Filters.eq("coin_id", coin), Filters.eq("date", DAY.toString()))).first();
        assertThat(daily).as(coin).isNotNull();
        assertThat(daily).as("working fields are not stored").doesNotContainKeys("times", "walk");
        return daily.get("quality", Document.class);
    }

    private void insertEvery(String coin, Instant from, Instant until, Duration step) {
        List<Instant> times = new ArrayList<>();
        for (Instant t = from; t.isBefore(until); t = t.plus(step)) {
            times.add(t);
        }
        insert(coin, times.toArray(Instant[]::new));
    }

    private void insert(String coin, Instant... times) {
        List<Document> documents = new ArrayList<>();
        // Reversed insertion order: the pipeline's sort, not the storage order, must give the time order.
        for (int i = times.length - 1; i >= 0; i--) {
            documents.add(new Document("coin_id", coin).append("timestamp", Date.from(times[i]))
                    .append("symbol", coin.substring(0, 3)).append("name", coin).append("current_price", 1.0 + i));
        }
        raw().insertMany(documents);
    }

    private MongoCollection<Document> raw() {
        return database.getCollection("market_data_raw");
    }

    private static Instant at(String time) {
        return Instant.parse("2024-02-29T" + time + "Z");
    }
}
