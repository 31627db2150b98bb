package io.cryptopipe.ingest.service;

import io.cryptopipe.runtime.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the next poll attempt is due. A success makes the next poll due one interval after the last one started; a
 * failure schedules a retry after the {@link Backoff}; a call the budget refused waits until the budget allows one.
 * Nothing ever waits inside a poll, so a failure never holds up the schedule.
 * <p>
 * The interval is asked for at each look, not kept from the last success: when the plan's limits change the pace
 * ({@link PollingPlan}), the poll after the change is already due by the new interval.
 */
public final class PollSchedule {

    private final Supplier<Duration> interval;
    private final Backoff backoff;
    private Instant lastSuccess;
    private Instant notBefore = Instant.MIN;
    private int failuresInRow;

    public PollSchedule(Duration interval, Backoff backoff) {
        this(() -> interval, backoff);
    }

    public PollSchedule(Supplier<Duration> interval, Backoff backoff) {
        this.interval = interval;
        this.backoff = backoff;
    }

    public synchronized boolean isDue(Instant now) {
        return !now.isBefore(notBefore) && (lastSuccess == null || !now.isBefore(lastSuccess.plus(interval.get())));
    }

    public Duration interval() {
        return interval.get();
    }

    public synchronized void succeeded(Instant startedAt) {
        failuresInRow = 0;
        lastSuccess = startedAt;
    }

    /** @return how long until the retry */
    public synchronized Duration failed(Instant now, Optional<Duration> retryAfter) {
        failuresInRow++;
        Duration wait = backoff.delay(failuresInRow, retryAfter);
        notBefore = now.plus(wait);
        return wait;
    }

    /** Not a failure of CoinGecko: the service itself holds back until then. */
    public synchronized void deferUntil(Instant until) {
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
    }
}
