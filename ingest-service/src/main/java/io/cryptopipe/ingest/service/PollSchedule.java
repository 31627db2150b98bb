package io.cryptopipe.ingest.service;

import io.cryptopipe.runtime.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the next poll attempt is due. A success schedules the next poll one interval after the last one started; a
 * failure schedules a retry after the {@link Backoff}; a call the budget refused waits until the budget allows one.
 * Nothing ever waits inside a poll, so a failure never holds up the schedule.
 */
public final class PollSchedule {

    private final Duration interval;
    private final Backoff backoff;
    private Instant nextAttempt = Instant.MIN;
    private int failuresInRow;

    public PollSchedule(Duration interval, Backoff backoff) {
        this.interval = interval;
        this.backoff = backoff;
    }

    public synchronized boolean isDue(Instant now) {
        return !now.isBefore(nextAttempt);
    }

    public Duration interval() {
        return interval;
    }

    public synchronized void succeeded(Instant startedAt) {
        failuresInRow = 0;
        nextAttempt = startedAt.plus(interval);
    }

    /** @return how long until the retry */
    public synchronized Duration failed(Instant now, Optional<Duration> retryAfter) {
        failuresInRow++;
        Duration wait = backoff.delay(failuresInRow, retryAfter);
        nextAttempt = now.plus(wait);
        return wait;
    }

    /** Not a failure of CoinGecko: the service itself holds back until then. */
    public synchronized void deferUntil(Instant until) {
        if (until.isAfter(nextAttempt)) {
            nextAttempt = until;
        }
    }
}
