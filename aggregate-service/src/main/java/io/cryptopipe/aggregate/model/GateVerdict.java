package io.cryptopipe.aggregate.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The quality gate's verdict on one day.
 *
 * @param coins             daily documents the verdict is about
 * @param missing           expected coins without a daily document
 * @param failures          why the day fails, coin by coin; empty when it passes
 * @param worstCoverageCoin the coin with the lowest coverage, or {@code null} when no coin has a report
 * @param unlistedMissing   missing coins that {@code failures} counts in one failure of the day instead of naming
 *                          each (a stored report lists only the first {@link DayQualityReport#LISTED})
 */
public record GateVerdict(LocalDate day, int coins, int missing, List<GateFailure> failures, String worstCoverageCoin,
        double worstCoverage, int unlistedMissing) {

    /** How many failures a line names before it only counts the rest, so that one line stays readable. */
    private static final int NAMED_FAILURES = 20;

    public GateVerdict {
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** The same verdict with one more reason to fail. */
    public GateVerdict plus(GateFailure failure) {
        List<GateFailure> more = new ArrayList<>(failures);
        more.add(failure);
        return new GateVerdict(day, coins, missing, more, worstCoverageCoin, worstCoverage, unlistedMissing);
    }

    /** Coins with at least one failure (a missing coin included, named or not). */
    public long failingCoins() {
        return failures.stream().map(GateFailure::coinId).filter(Objects::nonNull).distinct().count()
                + unlistedMissing;
    }

    /**
     * {@code N failing the gate (M missing), worst coverage X (coin)}: what a summary line says of the day's
     * quality.
     */
    public String figures() {
        String worst = worstCoverageCoin == null ? "no coverage"
                : "worst coverage " + percent(worstCoverage) + " (" + worstCoverageCoin + ")";
        return failingCoins() + " failing the gate" + (missing > 0 ? " (" + missing + " missing)" : "") + ", " + worst;
    }

    /** The failures, the first {@value #NAMED_FAILURES} named, for a one-line message. */
    public String describeFailures() {
        String named = failures.stream().limit(NAMED_FAILURES).map(GateFailure::describe)
                .collect(Collectors.joining("; "));
        int more = failures.size() - NAMED_FAILURES;
        return more > 0 ? named + "; and " + more + " more" : named;
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }
}
