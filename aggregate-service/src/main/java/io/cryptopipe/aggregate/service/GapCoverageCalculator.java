package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.model.CoinCoverage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Coverage and longest gap of every coin over one UTC day, fed the day's observation times in
 * ({@code coin_id}, {@code timestamp}) order, as a cursor over the raw collection's unique index returns them.
 * <p>
 * It keeps the running figures of the current coin only and hands each coin's {@link CoinCoverage} on as soon as
 * the next coin starts: its memory is the same for ten observations a day or ten million. The gaps need
 * consecutive timestamps, which the database cannot give us in a pipeline that the test server also runs
 * ({@code $setWindowFields}), hence this pass over a stream.
 */
public final class GapCoverageCalculator {

    private final LocalDate day;
    private final long dayStart;
    private final long dayEnd;
    private final long intervalMillis;
    private final int expectedSlots;
    private final Consumer<CoinCoverage> completed;

    private String coin;
    private long last;
    private long lastSlot;
    private long longestGap;
    private int observations;
    private int coveredSlots;

    /**
     * @param expectedInterval how often a coin is expected to be observed; the day is cut into slots of this length
     * @param completed        receives each coin's figures once all its observations are in
     */
    public GapCoverageCalculator(LocalDate day, Duration expectedInterval, Consumer<CoinCoverage> completed) {
        long dayMillis = Duration.ofDays(1).toMillis();
        if (expectedInterval.toMillis() <= 0 || expectedInterval.toMillis() > dayMillis) {
            throw new IllegalArgumentException("expected interval must be between 1 ms and 1 day, was "
                    + expectedInterval);
        }
        this.day = day;
        this.dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.dayEnd = dayStart + dayMillis;
        this.intervalMillis = expectedInterval.toMillis();
        // A last, shorter slot still counts when the interval does not divide the day.
        this.expectedSlots = (int) ((dayMillis + intervalMillis - 1) / intervalMillis);
        this.completed = completed;
    }

    /**
     * Takes the next observation time.
     *
     * @throws IllegalArgumentException when it is outside the day
     * @throws IllegalStateException    when it comes before the previous observation of the same coin, which
     *                                  would make every gap wrong
     */
    public void accept(String coinId, Instant timestamp) {
        accept(coinId, timestamp.toEpochMilli());
    }

    /** {@link #accept(String, Instant)} with the time in epoch milliseconds, as BSON holds it. */
    public void accept(String coinId, long t) {
        if (t < dayStart || t >= dayEnd) {
            throw new IllegalArgumentException(coinId + " observed at " + Instant.ofEpochMilli(t) + ", outside " + day);
        }
        if (!coinId.equals(coin)) {
            completeCoin();
            startCoin(coinId, t);
            return;
        }
        if (t < last) {
            throw new IllegalStateException("observations of " + coinId + " are not in time order: "
                    + Instant.ofEpochMilli(t) + " after " + Instant.ofEpochMilli(last));
        }
        if (t == last) {
            // The unique index keeps one observation per (coin_id, timestamp); a copy would add nothing.
            return;
        }
        longestGap = Math.max(longestGap, t - last);
        last = t;
        observations++;
        long slot = slotOf(t);
        if (slot != lastSlot) {
            coveredSlots++;
            lastSlot = slot;
        }
    }

    /** Hands on the last coin's figures; call once after the last observation. */
    public void finish() {
        completeCoin();
        coin = null;
    }

    private void startCoin(String coinId, long t) {
        coin = coinId;
        last = t;
        lastSlot = slotOf(t);
        longestGap = t - dayStart;
        observations = 1;
        coveredSlots = 1;
    }

    private void completeCoin() {
        if (coin != null) {
            long gap = Math.max(longestGap, dayEnd - last);
            completed.accept(new CoinCoverage(coin, observations, coveredSlots, expectedSlots, gap));
        }
    }

    private long slotOf(long t) {
        return (t - dayStart) / intervalMillis;
    }
}
