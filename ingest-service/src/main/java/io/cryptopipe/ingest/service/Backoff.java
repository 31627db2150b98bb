package io.cryptopipe.ingest.service;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait after a failure: the server's {@code Retry-After} when it sent one (cut to a maximum), otherwise
 * an exponential delay with jitter, capped. The jitter keeps replicas or restarted instances from retrying in step.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, Duration maxRetryAfter, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /**
     * @param failuresInRow 1 for the first failure after a success
     * @return a wait in [d/2, d] where d = initial × 2^(failuresInRow-1), at most {@code max}; or the Retry-After
     */
    public Duration delay(int failuresInRow, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        int doublings = Math.min(Math.max(failuresInRow - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << doublings);
        if (ceiling <= 0) {
            ceiling = max.toMillis();
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
