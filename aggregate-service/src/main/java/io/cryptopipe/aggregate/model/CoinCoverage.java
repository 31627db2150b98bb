package io.cryptopipe.aggregate.model;

import org.bson.Document;

/**
 * How completely one coin was observed over one UTC day, from its observation times alone (computed by the daily
 * pipeline in the database).
 *
 * @param coinId            the coin
 * @param observations      distinct observation times on the day
 * @param coveredSlots      slots of the expected interval (00:00:00-00:00:30, 00:00:30-00:01:00, …) holding at
 *                          least one observation: the observations that count towards coverage
 * @param expectedSlots     slots in the day, 2,880 at a 30 s interval
 * @param longestGapMillis  longest time without an observation, counting from 00:00Z to the first observation and
 *                          from the last one to the next 00:00Z; exact when it is at least one expected interval, and
 *                          otherwise the longest gap between observations of different slots (also under one interval,
 *                          possibly shorter than the true one: gaps inside one slot are not seen)
 */
public record CoinCoverage(String coinId, int observations, int coveredSlots, int expectedSlots,
        long longestGapMillis) {

    /**
     * Reads the coverage part of a {@code quality} sub-document as the daily pipeline writes it.
     *
     * @param observations the coin's {@code data_points}
     * @throws IllegalStateException when the daily document has no {@code quality}
     */
    public static CoinCoverage of(String coinId, int observations, Document quality) {
        if (quality == null) {
            throw new IllegalStateException("daily document of " + coinId + " without quality figures");
        }
        // The pipeline stores the gap in seconds (ms / 1000); rounding gives back the exact milliseconds.
        return new CoinCoverage(coinId, observations,
                quality.get(CoinQuality.OBSERVATIONS, Number.class).intValue(),
                quality.get(CoinQuality.EXPECTED_OBSERVATIONS, Number.class).intValue(),
                Math.round(quality.get(CoinQuality.LONGEST_GAP_SECONDS, Number.class).doubleValue() * 1000));
    }

    /** Share of the day's slots with an observation, 0 to 1. Several observations in one slot count once. */
    public double coverage() {
        return (double) coveredSlots / expectedSlots;
    }

    public double longestGapSeconds() {
        return longestGapMillis / 1000.0;
    }
}
