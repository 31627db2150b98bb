package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.model.CoinCoverage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Coverage and longest gap from streamed observation times, without a database. */
class GapCoverageCalculatorTest {

    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);
    private static final Instant MIDNIGHT = Instant.parse("2024-02-29T00:00:00Z");
    private static final Instant NEXT_MIDNIGHT = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    private final List<CoinCoverage> completed = new ArrayList<>();
    private final GapCoverageCalculator calculator = new GapCoverageCalculator(DAY, THIRTY_SECONDS, completed::add);

    @Test
    void coinObservedEveryIntervalFromMidnightHasFullCoverageAndAGapOfOneInterval() {
        feedEvery("bitcoin", MIDNIGHT, NEXT_MIDNIGHT, THIRTY_SECONDS);
        calculator.finish();

        assertThat(completed).containsExactly(new CoinCoverage("bitcoin", 2880, 2880, 2880, 30_000));
        assertThat(completed.get(0).coverage()).isEqualTo(1.0);
    }

    @Test
    void coinThatStopsAtNoonHasATwelveHourGapToTheNextMidnight() {
        feedEvery("solana", MIDNIGHT, Instant.parse("2024-02-29T12:00:00Z"), THIRTY_SECONDS);
        calculator.finish();

        CoinCoverage solana = completed.get(0);
        // The last observation is at 11:59:30.
        assertThat(solana.longestGapSeconds()).isEqualTo(12 * 3600 + 30);
        assertThat(solana.coverage()).isEqualTo(0.5);
    }

    @Test
    void gapBeforeTheFirstObservationCountsFromMidnight() {
        feedEvery("ethereum", Instant.parse("2024-02-29T03:00:00Z"), NEXT_MIDNIGHT, THIRTY_SECONDS);
        calculator.finish();

        assertThat(completed.get(0).longestGapMillis()).isEqualTo(Duration.ofHours(3).toMillis());
    }

    @Test
    void gapInTheMiddleOfTheDayIsMeasuredBetweenNeighbours() {
        calculator.accept("dogecoin", at("00:00:10"));
        calculator.accept("dogecoin", at("06:00:00.250"));
        calculator.accept("dogecoin", at("19:15:00.750"));
        calculator.accept("dogecoin", at("23:59:59.999"));
        calculator.finish();

        assertThat(completed.get(0).longestGapMillis())
                .isEqualTo(Duration.ofHours(13).plusMinutes(15).plusMillis(500).toMillis());
        assertThat(completed.get(0).observations()).isEqualTo(4);
    }

    @Test
    void severalObservationsInOneIntervalCountOnceTowardsCoverage() {
        // A burst of 120 observations a second apart covers 4 slots of 30 s, not 120.
        feedEvery("ripple", at("10:00:00"), at("10:02:00"), Duration.ofSeconds(1));
        calculator.finish();

        assertThat(completed.get(0).observations()).isEqualTo(120);
        assertThat(completed.get(0).coveredSlots()).isEqualTo(4);
        assertThat(completed.get(0).coverage()).isEqualTo(4 / 2880.0);
    }

    @Test
    void theSameObservationTwiceCountsOnce() {
        calculator.accept("tron", at("08:00:00"));
        calculator.accept("tron", at("08:00:00"));
        calculator.finish();

        assertThat(completed.get(0).observations()).isEqualTo(1);
        assertThat(completed.get(0).longestGapMillis()).isEqualTo(Duration.ofHours(16).toMillis());
    }

    @Test
    void onlyObservationAtMidnightLeavesTheRestOfTheDayAsOneGap() {
        calculator.accept("cardano", MIDNIGHT);
        calculator.finish();

        assertThat(completed).containsExactly(
                new CoinCoverage("cardano", 1, 1, 2880, Duration.ofDays(1).toMillis()));
    }

    @Test
    void eachCoinIsHandedOnWhenTheNextOneStarts() {
        calculator.accept("a-coin", at("01:00:00"));
        calculator.accept("a-coin", at("02:00:00"));
        assertThat(completed).isEmpty();

        calculator.accept("b-coin", at("00:30:00"));
        assertThat(completed).extracting(CoinCoverage::coinId).containsExactly("a-coin");
        assertThat(completed.get(0).longestGapMillis()).isEqualTo(Duration.ofHours(22).toMillis());

        calculator.finish();
        assertThat(completed).extracting(CoinCoverage::coinId).containsExactly("a-coin", "b-coin");
        assertThat(completed.get(1).longestGapMillis()).isEqualTo(Duration.ofMinutes(23 * 60 + 30).toMillis());
    }

    @Test
    void nothingStreamedGivesNoCoin() {
        calculator.finish();

        assertThat(completed).isEmpty();
    }

    @Test
    void intervalThatDoesNotDivideTheDayStillCountsItsLastShortSlot() {
        List<CoinCoverage> sevenHours = new ArrayList<>();
        GapCoverageCalculator calculator = new GapCoverageCalculator(DAY, Duration.ofHours(7), sevenHours::add);
        // Slots start at 00, 07, 14 and 21 h; the last one is 3 h long.
        calculator.accept("a-coin", at("22:00:00"));
        calculator.finish();

        assertThat(sevenHours.get(0).expectedSlots()).isEqualTo(4);
        assertThat(sevenHours.get(0).coverage()).isEqualTo(0.25);
    }

    @Test
    void timesGoingBackwardsWithinACoinAreRefused() {
        calculator.accept("bitcoin", at("12:00:00"));

        assertThatThrownBy(() -> calculator.accept("bitcoin", at("11:59:59")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bitcoin")
                .hasMessageContaining("not in time order");
    }

    @Test
    void observationOutsideTheDayIsRefused() {
        assertThatThrownBy(() -> calculator.accept("bitcoin", NEXT_MIDNIGHT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 2024-02-29");
        assertThatThrownBy(() -> calculator.accept("bitcoin", MIDNIGHT.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryDoesNotGrowWithTheNumberOfObservations() {
        // A full day every 10 ms: 8.64 million observations, which would take hundreds of MB if any were kept.
        long before = usedHeap();
        for (long t = MIDNIGHT.toEpochMilli(); t < NEXT_MIDNIGHT.toEpochMilli(); t += 10) {
            calculator.accept("busy", t);
        }
        calculator.finish();

        assertThat(completed).containsExactly(new CoinCoverage("busy", 8_640_000, 2880, 2880, 10));
        assertThat(usedHeap() - before).isLessThan(32L * 1024 * 1024);
    }

    private void feedEvery(String coin, Instant from, Instant until, Duration step) {
        for (Instant t = from; t.isBefore(until); t = t.plus(step)) {
            calculator.accept(coin, t);
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2024-02-29T" + time + "Z");
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
