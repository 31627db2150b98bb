package io.cryptopipe.store.write;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether MongoDB currently takes this service's writes: the readiness check and the write-age gauge read it.
 */
@ApplicationScoped
public class WriteState {

    /** A write that keeps failing, as the readiness check reports it. */
    public record Failing(Instant since, int attempts, String lastError) {
    }

    private final Clock clock;
    private final Instant startedAt;
    private Instant lastWriteAt;
    private Failing failing;

    WriteState(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** MongoDB acknowledged a bulk write. */
    public synchronized void succeeded() {
        lastWriteAt = clock.instant();
        failing = null;
    }

    /** A bulk write failed and will be tried again. */
    public synchronized void failed(String error) {
        failing = failing == null
                ? new Failing(clock.instant(), 1, error)
                : new Failing(failing.since(), failing.attempts() + 1, error);
    }

    public synchronized Optional<Failing> failing() {
        return Optional.ofNullable(failing);
    }

    public synchronized Optional<Instant> lastWriteAt() {
        return Optional.ofNullable(lastWriteAt);
    }

    /**
     * Seconds since MongoDB last acknowledged a write; since start-up while nothing was written yet, so that a
     * service that never manages to write shows a growing age too.
     */
    public synchronized double secondsSinceLastWrite() {
        Instant reference = lastWriteAt != null ? lastWriteAt : startedAt;
        return Duration.between(reference, clock.instant()).toMillis() / 1000.0;
    }
}
