package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.CoinQuality;
import io.cryptopipe.aggregate.model.GateFailure;
import io.cryptopipe.aggregate.model.GateVerdict;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a day's data is good enough for downstream use. A day fails when it has no daily document at
 * all, when an expected coin is missing, when a coin's prices are out of order or not positive, or when one of
 * the day's top-N coins (best last {@code market_cap_rank}) has less than the minimum coverage, observed and repaired
 * together, or less than the minimum observed coverage alone. The same rules run when the job writes a day's report
 * and when {@code check} evaluates the stored reports.
 */
public record QualityGate(int topN, double minCoverage, double minObservedCoverage) {

    private static final Comparator<CoinDay> BY_RANK = Comparator
            .comparing(CoinDay::marketCapRank)
            .thenComparing(CoinDay::coinId);

    /** The gate with the configured thresholds: the job's and {@code check}'s. */
    public static QualityGate of(AggregateConfig config) {
        return new QualityGate(config.quality().topN(), config.quality().minCoverage(),
                config.gate().minObservedCoverage());
    }

    /**
     * @param coins   the day's daily documents
     * @param missing expected coins without a daily document
     */
    public GateVerdict evaluate(LocalDate day, Collection<CoinDay> coins, Collection<String> missing) {
        return evaluate(day, coins, missing, missing.size());
    }

    /**
     * The verdict from a stored report, which lists only the first of the missing coins.
     *
     * @param listedMissing the missing coins a stored report lists
     * @param missingCount  all missing coins; those not listed fail the day in one failure that counts them
     */
    public GateVerdict evaluate(LocalDate day, Collection<CoinDay> coins, Collection<String> listedMissing,
            int missingCount) {
        int unlisted = missingCount - listedMissing.size();
        if (unlisted < 0) {
            throw new IllegalArgumentException("missing count " + missingCount + " below the " + listedMissing.size()
                    + " coins listed");
        }
        List<GateFailure> failures = new ArrayList<>();
        if (coins.isEmpty()) {
            failures.add(GateFailure.ofDay("no daily documents for " + day));
            return new GateVerdict(day, 0, missingCount, failures, null, 0, 0);
        }
        // The N best ranked of the day's coins, whatever their absolute ranks: the coins the pipeline tracks need
        // not start at rank 1, and an unranked coin is never among them.
        Set<String> top = coins.stream()
                .filter(coin -> coin.marketCapRank() != null)
                .sorted(BY_RANK)
                .limit(topN)
                .map(CoinDay::coinId)
                .collect(Collectors.toSet());
        CoinDay worst = null;
        for (CoinDay coin : coins.stream().sorted(Comparator.comparing(CoinDay::coinId)).toList()) {
            CoinQuality quality = coin.quality();
            if (quality == null) {
                failures.add(new GateFailure(coin.coinId(), "no quality report (aggregate the day again)"));
                continue;
            }
            if (worst == null || quality.coverage() < worst.quality().coverage()) {
                worst = coin;
            }
            if (top.contains(coin.coinId())) {
                coverageFailure(coin).ifPresent(failures::add);
            }
            if (!quality.orderingOk()) {
                failures.add(new GateFailure(coin.coinId(),
                        "prices out of order (min <= open, close <= max does not hold)"));
            }
            if (!quality.pricesPositive()) {
                failures.add(new GateFailure(coin.coinId(), "price <= 0"));
            }
        }
        for (String coin : listedMissing.stream().sorted().toList()) {
            // A whole day without a point: a hole like any other, which a repair can fill.
            failures.add(new GateFailure(coin, "missing (expected, no observation on " + day + ")", true));
        }
        if (unlisted > 0) {
            failures.add(GateFailure.ofDay(unlisted + " more expected coins missing on " + day
                    + " (the report lists the first " + listedMissing.size() + ")"));
        }
        return new GateVerdict(day, coins.size(), missingCount, failures,
                worst == null ? null : worst.coinId(), worst == null ? 0 : worst.quality().coverage(), unlisted);
    }

    /**
     * Repairs count towards the coverage, but the observed points alone must still reach their own minimum: a
     * shortfall of the total is the coin's holes (a repair can fill them), a shortfall of the observed coverage
     * is not.
     */
    private Optional<GateFailure> coverageFailure(CoinDay coin) {
        CoinQuality quality = coin.quality();
        String where = " (rank " + coin.marketCapRank() + ", top " + topN + "), longest gap "
                + Math.round(quality.longestGapSeconds()) + " s";
        if (quality.coverage() < minObservedCoverage) {
            return Optional.of(new GateFailure(coin.coinId(), "observed coverage "
                    + GateVerdict.percent(quality.coverage()) + " below " + GateVerdict.percent(minObservedCoverage)
                    + ", which no repair lifts" + where));
        }
        if (quality.totalCoverage() < minCoverage) {
            return Optional.of(new GateFailure(coin.coinId(), "coverage " + GateVerdict.percent(quality.coverage())
                    + " observed + " + GateVerdict.percent(quality.repairedCoverage()) + " repaired below "
                    + GateVerdict.percent(minCoverage) + where, true));
        }
        return Optional.empty();
    }
}
