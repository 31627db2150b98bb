package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.CoinQuality;
import io.cryptopipe.aggregate.model.GateFailure;
import io.cryptopipe.aggregate.model.GateVerdict;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate's rules on reports built by hand, without a database. */
class QualityGateTest {

    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);

    private final QualityGate gate = new QualityGate(3, 0.9, 0.5);

    @Test
    void dayOfCompleteCoinsPasses() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), coin("b", 2, 0.95), coin("c", 3, 0.9)),
                Set.of());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.worstCoverageCoin()).isEqualTo("c");
        assertThat(verdict.figures()).isEqualTo("0 failing the gate, worst coverage 90.00% (c)");
    }

    @Test
    void topCoinBelowTheMinimumCoverageFails() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), coin("b", 2, 0.5), coin("c", 3, 1.0)),
                Set.of());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).extracting(GateFailure::coinId).containsExactly("b");
        assertThat(verdict.failures().get(0).reason())
                .startsWith("coverage 50.00% observed + 0.00% repaired below 90.00% (rank 2, top 3)");
        assertThat(verdict.failures().get(0).holes()).as("a repair of its holes can lift it").isTrue();
    }

    @Test
    void repairedCoverageCountsTowardsTheMinimum() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), repaired("b", 2, 0.6875, 0.3125),
                repaired("c", 3, 0.6875, 0.2)), Set.of());

        assertThat(verdict.failures()).extracting(GateFailure::describe).containsExactly(
                "c: coverage 68.75% observed + 20.00% repaired below 90.00% (rank 3, top 3), longest gap 60 s");
        assertThat(verdict.failures()).allMatch(GateFailure::holes);
    }

    @Test
    void observedCoverageBelowItsOwnMinimumFailsWhateverWasRepaired() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), repaired("b", 2, 0.4, 0.6)),
                Set.of());

        assertThat(verdict.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.describe()).isEqualTo("b: observed coverage 40.00% below 50.00%, which no repair "
                    + "lifts (rank 2, top 3), longest gap 60 s");
            assertThat(failure.holes()).isFalse();
        });
    }

    @Test
    void coinOutsideTheTopNeverFailsOnCoverage() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), coin("b", 2, 1.0), coin("c", 3, 1.0),
                coin("d", 4, 0.01), coin("unranked", null, 0.01)), Set.of());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.worstCoverage()).isEqualTo(0.01);
    }

    @Test
    void topIsTheBestRankedOfTheDayWhateverTheirAbsoluteRanks() {
        // The tracked coins start at rank 40: the three best of them are the top 3.
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("x", 40, 1.0), coin("y", 41, 1.0),
                coin("z", 57, 0.3), coin("w", 90, 0.1)), Set.of());

        assertThat(verdict.failures()).extracting(GateFailure::coinId).containsExactly("z");
    }

    @Test
    void missingExpectedCoinFails() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0)), Set.of("gone"));

        assertThat(verdict.failures()).containsExactly(
                new GateFailure("gone", "missing (expected, no observation on 2024-02-29)", true));
        assertThat(verdict.failingCoins()).isEqualTo(1);
        assertThat(verdict.figures()).isEqualTo("1 failing the gate (1 missing), worst coverage 100.00% (a)");
    }

    @Test
    void pricesOutOfOrderOrNotPositiveFailForAnyCoin() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0),
                new CoinDay("disordered", 400, new CoinQuality(30, 2880, 2880, 1.0, 0, 0, 30, false, true)),
                new CoinDay("negative", 500, new CoinQuality(30, 2880, 2880, 1.0, 0, 0, 30, true, false))), Set.of());

        assertThat(verdict.failures()).containsExactly(
                new GateFailure("disordered", "prices out of order (min <= open, close <= max does not hold)"),
                new GateFailure("negative", "price <= 0"));
    }

    @Test
    void dayWithoutDailyDocumentsFails() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(), Set.of("bitcoin"));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.describeFailures()).isEqualTo("no daily documents for 2024-02-29");
    }

    @Test
    void coinWithoutAStoredReportFails() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0), new CoinDay("old", 2, null)), Set.of());

        assertThat(verdict.failures()).containsExactly(
                new GateFailure("old", "no quality report (aggregate the day again)"));
    }

    @Test
    void oneLineNamesTheFirstTwentyFailuresAndCountsTheRest() {
        List<CoinDay> coins = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            coins.add(new CoinDay(String.format("coin-%02d", i), 100 + i,
                    new CoinQuality(30, 2880, 2880, 1.0, 0, 0, 30, true, false)));
        }

        String line = gate.evaluate(DAY, coins, Set.of()).describeFailures();

        assertThat(line).startsWith("coin-00: price <= 0; coin-01: price <= 0;")
                .contains("coin-19: price <= 0")
                .doesNotContain("coin-20")
                .endsWith("; and 5 more");
    }

    @Test
    void topNAtFifteenThousandCoinsWithThousandsMissingIsTheTenBestRankedOfTheDay() {
        QualityGate topTen = new QualityGate(10, 0.9, 0.5);
        List<CoinDay> coins = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        // 15,000 expected coins; every fifth is missing (ranks 1, 6, 11, ...), so the day's ten best ranked are
        // ranks 2-5, 7-10, 12 and 13. Every observed coin is gappy except those ten, and the unranked ones are worse.
        for (int rank = 1; rank <= 15_000; rank++) {
            String id = String.format("coin-%05d", rank);
            if (rank % 5 == 1) {
                missing.add(id);
            } else {
                boolean topTenOfTheDay = rank <= 13;
                coins.add(coin(id, rank, topTenOfTheDay ? 1.0 : 0.5));
            }
        }
        coins.add(coin("unranked", null, 0.01));
        coins.add(coin("rank-14-gappy", 14, 0.2));

        GateVerdict verdict = topTen.evaluate(DAY, coins, missing);

        assertThat(verdict.coins()).isEqualTo(12_002);
        assertThat(verdict.missing()).isEqualTo(3_000);
        // Rank 14 is the eleventh best ranked of the day: outside the top 10, its 20 % does not fail the day.
        assertThat(verdict.failures()).hasSize(3_000)
                .allSatisfy(failure -> assertThat(failure.reason()).startsWith("missing (expected"));
        assertThat(verdict.worstCoverageCoin()).isEqualTo("unranked");

        List<CoinDay> withGappyTopCoin = new ArrayList<>(coins);
        withGappyTopCoin.add(coin("rank-12-gappy", 12, 0.3));
        // Ranks 2-5, 7-10, 12 (twice) are ten coins: "coin-00013" drops out of the top 10 by the tie on rank 12.
        assertThat(topTen.evaluate(DAY, withGappyTopCoin, missing).failures())
                .filteredOn(failure -> failure.reason().contains("coverage"))
                .extracting(GateFailure::coinId).containsExactly("rank-12-gappy");
    }

    @Test
    void missingCoinsTheStoredReportDoesNotListStillFailTheDayAndAreCounted() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0)), List.of("b", "c"), 2_500);

        assertThat(verdict.missing()).isEqualTo(2_500);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).extracting(GateFailure::describe).containsExactly(
                "b: missing (expected, no observation on 2024-02-29)",
                "c: missing (expected, no observation on 2024-02-29)",
                "2498 more expected coins missing on 2024-02-29 (the report lists the first 2)");
        assertThat(verdict.figures()).startsWith("2500 failing the gate (2500 missing)");
    }

    private static CoinDay repaired(String id, Integer rank, double coverage, double repairedCoverage) {
        int observations = (int) Math.round(coverage * 2880);
        return new CoinDay(id, rank, new CoinQuality(30, 2880, observations, coverage, repairedCoverage, 12, 60,
                true, true));
    }

    private static CoinDay coin(String id, Integer rank, double coverage) {
        int observations = (int) Math.round(coverage * 2880);
        return new CoinDay(id, rank, new CoinQuality(30, 2880, observations, coverage, 0, 0, 60, true, true));
    }
}
