package io.cryptopipe.aggregate.model;

import org.bson.Document;

/**
 * The data-quality report of one coin and day, stored as the {@code quality} sub-document of its daily document:
 * computed and written by the daily pipeline, read here.
 *
 * @param expectedIntervalSeconds the interval the coin is expected to be observed at
 * @param expectedObservations    observations a complete day has at that interval
 * @param observations            slots holding an observed point ({@code source} "poll", or none: older documents)
 * @param coverage                {@code observations / expected_observations}, 0 to 1: observed points only
 * @param repairedCoverage        share of the day (0 to 1) held by repaired points ("repair", "backfill"): each from
 *                                its time to the next point of any source, capped at {@code aggregate.twap.max-hold}
 * @param repairedPoints          repaired points of the coin on the day
 * @param longestGapSeconds       longest time without a point (observed or repaired), midnight to midnight; exact
 *                                when at least {@code expected_interval_seconds}, otherwise the longest gap between points in
 *                                different slots (also under one interval, possibly shorter than the true one: gaps
 *                                inside one slot are not seen)
 * @param orderingOk              {@code min_price <= open_price, close_price <= max_price}, all four present
 * @param pricesPositive          every price of the day is above zero
 */
public record CoinQuality(double expectedIntervalSeconds, int expectedObservations, int observations,
        double coverage, double repairedCoverage, int repairedPoints, double longestGapSeconds, boolean orderingOk,
        boolean pricesPositive) {

    public static final String EXPECTED_INTERVAL_SECONDS = "expected_interval_seconds";
    public static final String EXPECTED_OBSERVATIONS = "expected_observations";
    public static final String OBSERVATIONS = "observations";
    public static final String COVERAGE = "coverage";
    public static final String REPAIRED_COVERAGE = "repaired_coverage";
    public static final String REPAIRED_POINTS = "repaired_points";
    public static final String LONGEST_GAP_SECONDS = "longest_gap_seconds";
    public static final String ORDERING_OK = "ordering_ok";
    public static final String PRICES_POSITIVE = "prices_positive";

    /**
     * Reads a stored report; {@code null} when the daily document has none, or one without the price checks (both
     * written by older jobs).
     */
    /** Observed plus repaired coverage: the share of the day the coin's points account for, at most 1. */
    public double totalCoverage() {
        return Math.min(1.0, coverage + repairedCoverage);
    }

    public static CoinQuality fromDocument(Document document) {
        if (document == null || !document.containsKey(ORDERING_OK)) {
            return null;
        }
        Number repairedCoverage = document.get(REPAIRED_COVERAGE, Number.class);
        Number repairedPoints = document.get(REPAIRED_POINTS, Number.class);
        return new CoinQuality(
                document.get(EXPECTED_INTERVAL_SECONDS, Number.class).doubleValue(),
                document.get(EXPECTED_OBSERVATIONS, Number.class).intValue(),
                document.get(OBSERVATIONS, Number.class).intValue(),
                document.get(COVERAGE, Number.class).doubleValue(),
                // Written before repairs were told apart: every point counted as observed.
                repairedCoverage == null ? 0 : repairedCoverage.doubleValue(),
                repairedPoints == null ? 0 : repairedPoints.intValue(),
                document.get(LONGEST_GAP_SECONDS, Number.class).doubleValue(),
                document.getBoolean(ORDERING_OK),
                document.getBoolean(PRICES_POSITIVE));
    }
}
