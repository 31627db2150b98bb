package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.cryptopipe.aggregate.model.CoinIdRange;
import jakarta.enterprise.inject.Vetoed;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @RegisterExtension
    static final PipelineDatabase DB = new PipelineDatabase("pipeline_coverage");

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
    void gapOfAtLeastOneIntervalIsExactAmongObservationsEverySecond() {
        // 1-second data, silent from 10:00:05 to 10:00:40: 36 s from 10:00:04 to the next observation.
        insertEvery("bitcoin", MIDNIGHT, at("10:00:05"), Duration.ofSeconds(1));
        insertEvery("bitcoin", at("10:00:40"), NEXT_MIDNIGHT, Duration.ofSeconds(1));

        Document quality = qualityOf("bitcoin", THIRTY_SECONDS);

        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(36.0);
        // The slot 10:00:30-10:01:00 still holds observations; only 10:00:00-10:00:30 kept one (10:00:00-10:00:04).
        assertThat(quality.get("observations", Number.class).intValue()).isEqualTo(2880);
    }

    @Test
    void gapShorterThanOneIntervalInsideASlotIsNotSeen() {
        // Each slot observed at its start and 25 s later: the longest gap is 25 s, inside every slot, while the gaps
        // between slots are 5 s. Below one interval, the pipeline reports the longest gap between slots.
        for (Instant slot = MIDNIGHT; slot.isBefore(NEXT_MIDNIGHT); slot = slot.plus(THIRTY_SECONDS)) {
            insert("ethereum", slot, slot.plusSeconds(25));
        }

        Document quality = qualityOf("ethereum", THIRTY_SECONDS);

        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(5.0);
        assertThat(quality.get("coverage", Number.class).doubleValue()).isEqualTo(1.0);
    }

    @Test
    void statisticsOfASlotFoldedDayAreThoseOfTheWholeDay() {
        // Prices 1 to 5 at 00:00:01, 00:00:02, 00:00:40, 12:00:00 and 23:59:59 (insert reverses, the sort restores).
        insert("cardano", at("00:00:01"), at("00:00:02"), at("00:00:40"), at("12:00:00"), at("23:59:59"));

        Document daily = dailyOf("cardano", THIRTY_SECONDS);

        assertThat(daily).containsEntry("data_points", 5)
                .containsEntry("open_price", 1.0).containsEntry("close_price", 5.0)
                .containsEntry("min_price", 1.0).containsEntry("max_price", 5.0)
                .containsEntry("avg_price", 3.0)
                .containsEntry("first_timestamp", Date.from(at("00:00:01")))
                .containsEntry("last_timestamp", Date.from(at("23:59:59")))
                .containsEntry("symbol", "car").containsEntry("name", "cardano")
                .containsEntry("avg_total_volume", null).containsEntry("last_total_volume", null)
                .containsEntry("avg_market_cap", null).containsEntry("last_market_cap", null)
                .containsEntry("last_market_cap_rank", null);
        assertThat(daily.get("quality", Document.class).get("observations", Number.class).intValue()).isEqualTo(4);
    }

    @Test
    void coinRangesTogetherWriteWhatOneRangeWrites() {
        for (String coin : List.of("a-coin", "b-coin", "c-coin", "d-coin", "e-coin")) {
            insertEvery(coin, at("01:00:00"), at("01:00:00").plusSeconds(coin.charAt(0) * 60L), THIRTY_SECONDS);
        }
        raw().aggregate(DailyPipeline.forCoins(DAY, "daily", THIRTY_SECONDS, FIVE_MINUTES, CoinIdRange.ALL)).toCollection();
        List<Document> whole = dailyDocuments();
        DB.database().getCollection("daily").deleteMany(new Document());

        // Ranges made without "c-coin", which still falls into one of them.
        for (CoinIdRange range : CoinIdRange.covering(List.of("a-coin", "b-coin", "d-coin", "e-coin"), 2)) {
            DailyPipeline.over(raw(), DAY, "daily", THIRTY_SECONDS, FIVE_MINUTES, range).toCollection();
        }

        assertThat(dailyDocuments()).hasSize(5).isEqualTo(whole);
    }

    @Test
    void commandBoundsCoinIdAndTimestampAndHintsTheIdentityIndex() {
        insert("bitcoin", at("12:00:00"));
        AggregateCommands listener = new AggregateCommands();
        List<BsonDocument> commands = listener.commands;
        try (MongoClient listened = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(DB.server().connectionString()))
                .addCommandListener(listener).build())) {
            DailyPipeline.over(listened.getDatabase(DB.server().database()).getCollection("market_data_raw"), DAY,
                    "daily", THIRTY_SECONDS, FIVE_MINUTES, new CoinIdRange("a", "c")).toCollection();
        }

        assertThat(commands).hasSize(1);
        BsonDocument command = commands.get(0);
        assertThat(command.getDocument("hint")).isEqualTo(new BsonDocument("coin_id", new BsonInt32(1))
                .append("timestamp", new BsonInt32(1)));
        assertThat(command.getBoolean("allowDiskUse").getValue()).isTrue();
        BsonDocument match = command.getArray("pipeline").get(0).asDocument().getDocument("$match");
        assertThat(match.getArray("$and")).containsExactly(
                new BsonDocument("coin_id", new BsonDocument("$gte", new BsonString("a"))),
                new BsonDocument("coin_id", new BsonDocument("$lt", new BsonString("c"))),
                new BsonDocument("timestamp", new BsonDocument("$gte", new BsonDateTime(MIDNIGHT.toEpochMilli()))),
                new BsonDocument("timestamp", new BsonDocument("$lt", new BsonDateTime(NEXT_MIDNIGHT.toEpochMilli()))));
        assertThat(command.getArray("pipeline").get(1).asDocument().getDocument("$sort"))
                .isEqualTo(new BsonDocument("coin_id", new BsonInt32(1)).append("timestamp", new BsonInt32(1)));
        // The wire-protocol server has no planner: it takes the hint and still answers.
        assertThat(DB.database().getCollection("daily").countDocuments()).isEqualTo(1);
    }

    @Test
    void intervalLongerThanADayIsRefused() {
        assertThatThrownBy(() -> DailyPipeline.forCoins(DAY, "daily", Duration.ofDays(2), FIVE_MINUTES, CoinIdRange.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected interval");
    }

    /** The aggregate commands a client sent. Vetoed: Quarkus would make any CommandListener a bean of its client. */
    @Vetoed
    static final class AggregateCommands implements CommandListener {

        final List<BsonDocument> commands = new ArrayList<>();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("aggregate")) {
                commands.add(event.getCommand().clone());
            }
        }
    }

    private Document qualityOf(String coin, Duration interval) {
        return dailyOf(coin, interval).get("quality", Document.class);
    }

    private Document dailyOf(String coin, Duration interval) {
        DailyPipeline.over(raw(), DAY, "daily", interval, FIVE_MINUTES, CoinIdRange.ALL).toCollection();
        Document daily = DB.database().getCollection("daily")
                .find(Filters.and(Filters.eq("coin_id", coin), Filters.eq("date", DAY.toString()))).first();
        assertThat(daily).as(coin).isNotNull();
        assertThat(daily).as("working fields are not stored")
                .doesNotContainKeys("firsts", "lasts", "walk", "f", "l", "np", "sp", "nv", "sv", "nc", "sc", "pts", "h",
                        "held", "lastp", "lasto", "os", "iw", "is", "ir", "no", "nr");
        return daily;
    }

    private List<Document> dailyDocuments() {
        return DB.database().getCollection("daily").find().projection(Projections.excludeId())
                .sort(Sorts.ascending("coin_id")).into(new ArrayList<>());
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
        return DB.database().getCollection("market_data_raw");
    }

    private static Instant at(String time) {
        return Instant.parse("2024-02-29T" + time + "Z");
    }
}
