package io.cryptopipe.localstack;

import java.time.Duration;
import java.time.Instant;

/**
 * How far apart a {@code market_chart} answer's points are, by CoinGecko's documented auto-granularity: the last day
 * from now at 5 minutes, up to 90 days hourly, beyond that daily (at 00:00 UTC).
 */
enum ChartGranularity {

    FIVE_MINUTES(Duration.ofMinutes(5)),
    HOURLY(Duration.ofHours(1)),
    DAILY(Duration.ofDays(1));

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration NINETY_DAYS = Duration.ofDays(90);
    /**
     * How late a range's end may be and still count as "now": a client computes {@code to} from its clock just
     * before the request, and the answer for the last day is cached for 30 s anyway.
     */
    static final Duration NOW_TOLERANCE = Duration.ofMinutes(1);

    private final Duration step;

    ChartGranularity(Duration step) {
        this.step = step;
    }

    Duration step() {
        return step;
    }

    /** {@code market_chart?days=N}: the last N days up to now. */
    static ChartGranularity forDays(double days) {
        if (days <= 1) {
            return FIVE_MINUTES;
        }
        return days <= NINETY_DAYS.toDays() ? HOURLY : DAILY;
    }

    /**
     * {@code market_chart/range}: by the range's length; 5-minute points only for a range of at most a day that ends
     * now ("1 day from current time"), hourly for a day ending at any other time.
     */
    static ChartGranularity forRange(Instant from, Instant to, Instant now) {
        Duration span = Duration.between(from, to);
        if (span.compareTo(DAY) <= 0) {
            return to.isBefore(now.minus(NOW_TOLERANCE)) ? HOURLY : FIVE_MINUTES;
        }
        return span.compareTo(NINETY_DAYS) <= 0 ? HOURLY : DAILY;
    }

    /** The first point of this granularity at or after {@code instant} (points lie on UTC-aligned multiples). */
    Instant firstAtOrAfter(Instant instant) {
        return firstAtOrAfter(instant, step);
    }

    /** The first UTC-aligned multiple of {@code step} at or after {@code instant}. */
    static Instant firstAtOrAfter(Instant instant, Duration step) {
        long stepMillis = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis);
    }
}
