package io.cryptopipe.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait after a failure, the one backoff of every service: the server's {@code Retry-After} when it sent
 * one (cut to a maximum), otherwise an exponential delay with jitter, capped. The jitter keeps replicas or restarted
 * instances from retrying in step. Pure arithmetic: who waits (a scheduler, a fault-tolerance retry, a loop that
 * must stop on shutdown) is the caller's business, so tests check the delays without waiting for them.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    /**
     * @param initial       the ceiling of the first delay; doubled after each further failure in a row
     * @param max           the longest delay, however many failures
     * @param maxRetryAfter the longest a server's Retry-After is obeyed
     */
    public Backoff(Duration initial, Duration max, Duration maxRetryAfter, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /** A backoff for servers that never send Retry-After. */
    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this(initial, max, max, random);
    }

    /** The longest delay {@link #delay(int)} returns. */
    public Duration max() {
        return max;
    }

    /**
     * @param failuresInRow 1 for the first failure after a success
     * @return a wait in [d/2, d] where d = initial × 2^(failuresInRow-1), at most {@code max}
     */
    public Duration delay(int failuresInRow) {
        int doublings = Math.min(Math.max(failuresInRow - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << doublings);
        if (ceiling <= 0) {
            ceiling = max.toMillis();
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** @return the Retry-After when the server sent one (at most {@code maxRetryAfter}), else {@link #delay(int)} */
    public Duration delay(int failuresInRow, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        return delay(failuresInRow);
    }
}
