package io.cryptopipe.aggregate.command;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.RawData;
import io.cryptopipe.aggregate.RawDayGenerator.Observation;
import io.cryptopipe.aggregate.RawDayGenerator;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The job run as a command against the MongoDB wire-protocol server, over a socket, on raw data loaded with the
 * driver; its documents are checked against {@link ExpectedDailyStatistics}. All launches share one server (see
 * {@link SharedLocalStack}), so the raw data is loaded once and a second run sees the first one's output.
 */
@QuarkusMainTest
@TestProfile(SharedLocalStack.class)
class AggregateCommandTest {

    private static final Logger LOG = Logger.getLogger(AggregateCommandTest.class);

    private static final LocalDate FULL_DAY = LocalDate.of(2024, 2, 29);
    private static final int COINS = 50;
    private static final List<LocalDate> RANGE = List.of(
            LocalDate.of(2024, 3, 10), LocalDate.of(2024, 3, 11), LocalDate.of(2024, 3, 12));
    private static final LocalDate DAY_WITHOUT_DATA = LocalDate.of(2024, 1, 15);
    private static final Set<String> DAILY_FIELDS = Set.of("_id", "coin_id", "date", "symbol", "name",
            "avg_price", "min_price", "max_price", "open_price", "close_price", "data_points",
            "first_timestamp", "last_timestamp", "avg_total_volume", "last_total_volume",
            "avg_market_cap", "last_market_cap", "last_market_cap_rank", "twap", "twap_seconds", "quality");

    private static List<Observation> observations;

    @BeforeAll
    static void loadRawData() {
        List<Observation> all = new ArrayList<>(RawDayGenerator.fullDay(FULL_DAY, COINS, 20240229L));
        for (LocalDate day : RANGE) {
            all.addAll(RawDayGenerator.plainDay(day, 3, Duration.ofHours(1), day.toEpochDay()));
        }
        observations = List.copyOf(all);
        // Shuffled, so that only the pipeline's $sort can put each coin's first and last observation in place.
        Collections.shuffle(all, new Random(7));
        RawData.insert(all.stream().map(Observation::toDocument).toList());
    }

    @Test
    void fullDayMatchesAnIndependentComputationOfEveryField(QuarkusMainLauncher launcher) {
        Map<String, Document> expected = ExpectedDailyStatistics.of(observations, FULL_DAY);
        assertGeneratedDayHasItsQuirks(expected);
        long points = expected.values().stream().mapToLong(d -> d.getInteger("data_points")).sum();

        long started = System.nanoTime();
        LaunchResult result = launcher.launch("--date", FULL_DAY.toString());
        LOG.infof("aggregated %d data points in %d ms", points,
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).isEmpty();
        assertThat(result.getOutput())
                .contains(FULL_DAY + ": " + COINS + " coins written from " + points + " data points");
        assertStoredDayEquals(FULL_DAY, expected);
    }

    @Test
    void rerunningADayReplacesItsDocumentsWithIdenticalOnes(QuarkusMainLauncher launcher) {
        // A day of the range: replacing is the same for 3 coins as for 50, which take the full day's time twice more.
        LocalDate day = RANGE.get(1);
        assertThat(launcher.launch("--date", day.toString()).exitCode()).isZero();
        List<Document> first = stored(day);
        long allDays = daily().countDocuments();

        LaunchResult again = launcher.launch("--date", day.toString());

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        // Same _id too: the documents were replaced in place, not deleted and inserted again.
        assertThat(stored(day)).hasSize(3).isEqualTo(first);
        assertThat(daily().countDocuments()).isEqualTo(allDays);
    }

    @Test
    void rangeAggregatesEachDayInTurn(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--from", RANGE.get(0).toString(), "--to", RANGE.get(2).toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).containsSubsequence(
                RANGE.get(0) + ": 3 coins written from 72 data points",
                RANGE.get(1) + ": 3 coins written from 72 data points",
                RANGE.get(2) + ": 3 coins written from 72 data points");
        for (LocalDate day : RANGE) {
            assertStoredDayEquals(day, ExpectedDailyStatistics.of(observations, day));
        }
    }

    @Test
    void dayWithoutRawDataSucceedsWithZeroCoins(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--date", DAY_WITHOUT_DATA.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).isEmpty();
        assertThat(result.getOutput()).contains(DAY_WITHOUT_DATA + ": no raw data for this UTC day, 0 coins written");
        assertThat(stored(DAY_WITHOUT_DATA)).isEmpty();
    }

    @Test
    void withoutOptionsAggregatesYesterdayUtc(QuarkusMainLauncher launcher) {
        LocalDate yesterdayBefore = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LaunchResult result = launcher.launch();
        LocalDate yesterdayAfter = LocalDate.now(ZoneOffset.UTC).minusDays(1);

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).containsAnyOf(
                yesterdayBefore + ": no raw data for this UTC day, 0 coins written",
                yesterdayAfter + ": no raw data for this UTC day, 0 coins written");
    }

    // Guards the generator: without these quirks the comparison would prove much less.
    private static void assertGeneratedDayHasItsQuirks(Map<String, Document> expected) {
        assertThat(expected).hasSize(COINS);
        assertThat(expected.get(RawDayGenerator.coinId(RawDayGenerator.SPARSE_COIN)).getInteger("data_points"))
                .isEqualTo(RawDayGenerator.SPARSE_POINTS);
        assertThat(expected.get(RawDayGenerator.coinId(RawDayGenerator.RENAMED_COIN)).getString("symbol"))
                .isEqualTo("n05");
        assertThat(expected.get(RawDayGenerator.coinId(RawDayGenerator.MIDNIGHT_COIN)).getDate("first_timestamp"))
                .isEqualTo(Date.from(FULL_DAY.atStartOfDay(ZoneOffset.UTC).toInstant()));
        Document noMarketCap = expected.get(RawDayGenerator.coinId(RawDayGenerator.NO_MARKET_CAP_COIN));
        assertThat(noMarketCap.get("avg_market_cap")).isNull();
        Document gappyClose = expected.get(RawDayGenerator.coinId(RawDayGenerator.GAPPY_CLOSE_COIN));
        assertThat(gappyClose.get("last_total_volume")).isNull();
        assertThat(gappyClose.get("last_market_cap")).isNull();
        assertThat(gappyClose.get("avg_total_volume")).isNotNull();
        assertThat(expected.values()).extracting(d -> d.getInteger("data_points"))
                .contains(2880 - 120, 2880 - 4 * 120, 2880);
        // Gaps at the start and at the end of the day, and in the middle, each at least the silent hours.
        assertThat(longestGap(expected, 3)).isBetween(3600.0, 3630.0);
        assertThat(longestGap(expected, 7)).isBetween(3600.0, 3630.0);
        assertThat(longestGap(expected, 11)).isBetween(4 * 3600.0, 4 * 3600.0 + 60);
        assertThat(expected.get(RawDayGenerator.coinId(RawDayGenerator.SPARSE_COIN)).get("quality", Document.class)
                .getDouble("coverage")).isEqualTo(RawDayGenerator.SPARSE_POINTS / 2880.0);
    }

    private static double longestGap(Map<String, Document> expected, int coin) {
        return expected.get(RawDayGenerator.coinId(coin)).get("quality", Document.class)
                .getDouble("longest_gap_seconds");
    }

    private static void assertStoredDayEquals(LocalDate day, Map<String, Document> expected) {
        List<Document> stored = stored(day);
        assertThat(stored).extracting(d -> d.getString("coin_id")).containsExactlyElementsOf(expected.keySet());
        for (Document actual : stored) {
            String coin = actual.getString("coin_id");
            assertThat(actual.keySet()).as(coin).containsExactlyInAnyOrderElementsOf(DAILY_FIELDS);
            expected.get(coin).forEach((field, value) -> {
                Object storedValue = actual.get(field);
                if (value != null && ExpectedDailyStatistics.AVERAGES.contains(field)) {
                    assertThat((Double) storedValue).as(coin + " " + field).isCloseTo((Double) value, withinPercentage(1e-10));
                } else {
                    assertThat(storedValue).as(coin + " " + field).isEqualTo(value);
                }
            });
        }
    }

    private static List<Document> stored(LocalDate day) {
        return daily().find(Filters.eq("date", day.toString())).sort(Sorts.ascending("coin_id"))
                .into(new ArrayList<>());
    }

    private static MongoCollection<Document> daily() {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_daily");
    }
}
