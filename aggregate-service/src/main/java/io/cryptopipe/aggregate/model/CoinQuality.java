package io.cryptopipe.aggregate.model;

import org.bson.Document;

import java.time.Duration;

/**
 * The data-quality report of one coin and day, stored as the {@code quality} sub-document of its daily document.
 *
 * @param expectedIntervalSeconds the interval the coin is expected to be observed at
 * @param expectedObservations    observations a complete day has at that interval
 * @param observations            observations that count towards coverage (at most one per interval)
 * @param coverage                {@code observations / expected_observations}, 0 to 1
 * @param longestGapSeconds       longest time without an observation, midnight to midnight; exact when at least
 *                                {@code expected_interval_seconds}, otherwise under it and possibly shorter than the
 *                                true gap ({@link CoinCoverage#longestGapMillis()})
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

    /** The report of a coin from its coverage and the prices its pipeline computed. */
    public static CoinQuality of(CoinCoverage coverage, Duration expectedInterval, Double openPrice,
            Double closePrice, Double minPrice, Double maxPrice) {
        boolean ordered = openPrice != null && closePrice != null && minPrice != null && maxPrice != null
                && minPrice <= openPrice && minPrice <= closePrice && openPrice <= maxPrice && closePrice <= maxPrice;
        // The smallest price is above zero exactly when all of them are ($min skips none that are numbers).
        boolean positive = minPrice != null && minPrice > 0;
        return new CoinQuality(expectedInterval.toMillis() / 1000.0, coverage.expectedSlots(),
                coverage.coveredSlots(), coverage.coverage(), coverage.longestGapSeconds(), ordered, positive);
    }

    public Document toDocument() {
        return new Document(EXPECTED_INTERVAL_SECONDS, expectedIntervalSeconds)
                .append(EXPECTED_OBSERVATIONS, expectedObservations)
                .append(OBSERVATIONS, observations)
                .append(COVERAGE, coverage)
                .append(LONGEST_GAP_SECONDS, longestGapSeconds)
                .append(ORDERING_OK, orderingOk)
                .append(PRICES_POSITIVE, pricesPositive);
    }

    /**
     * Reads a stored report; {@code null} when the daily document has none (written by an older job) or only the
     * coverage the pipeline wrote, before the job added the price checks.
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
