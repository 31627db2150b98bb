package io.cryptopipe.aggregate.repository;

import com.mongodb.MongoExecutionTimeoutException;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * The time one day's pipelines have together ({@code aggregate.day-timeout}): each coin range's pipeline gets what is
 * left of it as its own bound.
 *
 * @param deadlineNanos when the day's time is up, on {@link System#nanoTime()}'s scale
 */
record DayDeadline(LocalDate day, Duration timeout, int ranges, long deadlineNanos) {

    /** MongoDB's error code for an operation past its {@code maxTimeMS}. */
    private static final int MAX_TIME_EXPIRED = 50;

    /** @param startNanos when the day's first pipeline starts, on {@link System#nanoTime()}'s scale */
    static DayDeadline startingAt(long startNanos, LocalDate day, Duration timeout, int ranges) {
        return new DayDeadline(day, timeout, ranges, startNanos + timeout.toNanos());
    }

    /**
     * What is left of the day's time at {@code nowNanos}, as the {@code maxTimeMS} of the next range's pipeline.
     *
     * @throws MongoExecutionTimeoutException when nothing is left, as the server answers a spent {@code maxTimeMS}
     */
    long remainingMillis(long nowNanos) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nowNanos);
        if (remaining <= 0) {
            throw new MongoExecutionTimeoutException(MAX_TIME_EXPIRED, "the pipelines of " + day
                    + " did not finish within " + timeout + " (" + ranges + " coin ranges)");
        }
        return remaining;
    }
}
