package io.cryptopipe.ingest.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How far back CoinGecko's {@code /coins/{id}/market_chart?days=1} serves 5-minute points: one day from now, less a
 * margin for the time a repair takes to get to a coin. A hole that began earlier is filled from
 * {@code market_chart/range}, which for any range but the last day answers hourly.
 */
final class FiveMinuteHistory {

    private static final Duration DAY = Duration.ofDays(1);

    private FiveMinuteHistory() {
    }

    static boolean reaches(Instant from, Instant now, Duration margin) {
        return !from.isBefore(now.minus(DAY).plus(margin));
    }
}
