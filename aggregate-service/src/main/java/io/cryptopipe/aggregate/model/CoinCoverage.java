package io.cryptopipe.aggregate.model;

/**
 * How completely one coin was observed over one UTC day, from its observation times alone.
 *
 * @param coinId            the coin
 * @param observations      distinct observation times on the day
 * @param coveredSlots      slots of the expected interval (00:00:00-00:00:30, 00:00:30-00:01:00, …) holding at
 *                          least one observation: the observations that count towards coverage
 * @param expectedSlots     slots in the day, 2,880 at a 30 s interval
 * @param longestGapMillis  longest time without an observation, counting from 00:00Z to the first observation and
 *                          from the last one to the next 00:00Z
 */
public record CoinCoverage(String coinId, int observations, int coveredSlots, int expectedSlots,
        long longestGapMillis) {

    /** Share of the day's slots with an observation, 0 to 1. Several observations in one slot count once. */
    public double coverage() {
        return (double) coveredSlots / expectedSlots;
    }

    public double longestGapSeconds() {
        return longestGapMillis / 1000.0;
    }
}
