package io.cryptopipe.aggregate.model;

import org.bson.Document;

/**
 * The data-quality report of one coin and day, stored as the {@code quality} sub-document of its daily document:
 * computed and written by the daily pipeline, read here.
 *
 * @param expectedIntervalSeconds the interval the coin is expected to be observed at
 * @param expectedObservations    observations a complete day has at that interval
 * @param observations            observations that count towards coverage (at most one per interval)
 * @param coverage                {@code observations / expected_observations}, 0 to 1
 * @param longestGapSeconds       longest time without an observation, midnight to midnight; exact when at least
 *                                {@code expected_interval_seconds}, otherwise the longest gap between observations in
 *                                different slots (also under one interval, possibly shorter than the true one: gaps
 *                                inside one slot are not seen)
 * @param orderingOk              {@code min_price <= open_price, close_price <= max_price}, all four present
 * @param pricesPositive          every price of the day is above zero
 */
public record CoinQuality(double expectedIntervalSeconds, int expectedObservations, int observations,
        double coverage, double longestGapSeconds, boolean orderingOk, boolean pricesPositive) {

    public static final String EXPECTED_INTERVAL_SECONDS = "expected_interval_seconds";
    public static final String EXPECTED_OBSERVATIONS = "expected_observations";
    public static final String OBSERVATIONS = "observations";
    public static final String COVERAGE = "coverage";
    public static final String LONGEST_GAP_SECONDS = "longest_gap_seconds";
    public static final String ORDERING_OK = "ordering_ok";
    public static final String PRICES_POSITIVE = "prices_positive";

    /**
     * Reads a stored report; {@code null} when the daily document has none, or one without the price checks (both
     * written by older jobs).
     */
    public static CoinQuality fromDocument(Document document) {
        if (document == null || !document.containsKey(ORDERING_OK)) {
            return null;
        }
        return new CoinQuality(
                document.get(EXPECTED_INTERVAL_SECONDS, Number.class).doubleValue(),
                document.get(EXPECTED_OBSERVATIONS, Number.class).intValue(),
                document.get(OBSERVATIONS, Number.class).intValue(),
                document.get(COVERAGE, Number.class).doubleValue(),
                document.get(LONGEST_GAP_SECONDS, Number.class).doubleValue(),
                document.getBoolean(ORDERING_OK),
                document.getBoolean(PRICES_POSITIVE));
    }
}
