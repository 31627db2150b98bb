package io.cryptopipe.localstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The API's per-minute rate limit: at most {@code perMinute} data requests in any 60 s. A refused request is not
 * counted, and is told how long until the oldest counted one leaves the window.
 */
final class StandInRateLimit {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();

    StandInRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return empty when the request is let through; otherwise how long until one will be */
    synchronized Optional<Duration> tryAcquire() {
        Instant now = clock.instant();
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
            lastMinute.removeFirst();
        }
        if (lastMinute.size() >= perMinute) {
            return Optional.of(Duration.between(now, lastMinute.peekFirst().plus(MINUTE)));
        }
        lastMinute.addLast(now);
        return Optional.empty();
    }

    int perMinute() {
        return perMinute;
    }
}
