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

    private final QualityGate gate = new QualityGate(3, 0.9);

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
        assertThat(verdict.failures().get(0).reason()).startsWith("coverage 50.00% below 90.00% (rank 2, top 3)");
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
                new GateFailure("gone", "missing (expected, no observation on 2024-02-29)"));
        assertThat(verdict.failingCoins()).isEqualTo(1);
        assertThat(verdict.figures()).isEqualTo("1 failing the gate (1 missing), worst coverage 100.00% (a)");
    }

    @Test
    void pricesOutOfOrderOrNotPositiveFailForAnyCoin() {
        GateVerdict verdict = gate.evaluate(DAY, List.of(coin("a", 1, 1.0),
                new CoinDay("disordered", 400, new CoinQuality(30, 2880, 2880, 1.0, 30, false, true)),
                new CoinDay("negative", 500, new CoinQuality(30, 2880, 2880, 1.0, 30, true, false))), Set.of());

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
                    new CoinQuality(30, 2880, 2880, 1.0, 30, true, false)));
        }

        String line = gate.evaluate(DAY, coins, Set.of()).describeFailures();

        assertThat(line).startsWith("coin-00: price <= 0; coin-01: price <= 0;")
                .contains("coin-19: price <= 0")
                .doesNotContain("coin-20")
                .endsWith("; and 5 more");
    }

    private static CoinDay coin(String id, Integer rank, double coverage) {
        int observations = (int) Math.round(coverage * 2880);
        return new CoinDay(id, rank, new CoinQuality(30, 2880, observations, coverage, 60, true, true));
    }
}
