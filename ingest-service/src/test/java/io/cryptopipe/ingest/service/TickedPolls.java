package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.localstack.StandInFaults;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Polls run by hand on simulated time: each is the scheduler's tick, run once the next attempt is due. */
final class TickedPolls {

    /** At least the tests' interval (1 s) and their longest backoff ({@code %test.ingest.retry.max-delay}, 2 s). */
    static final Duration NEXT_ATTEMPT = Duration.ofSeconds(2);

    private final SimulatedTime time;
    private final PollStatus status;

    TickedPolls(SimulatedTime time, PollStatus status) {
        this.time = time;
        this.status = status;
    }

    /** Moves the clock on until the next attempt is due, and runs it. */
    void once() {
        time.advance(NEXT_ATTEMPT);
        time.tick();
    }

    /** Polls until one succeeds (a few attempts at most). */
    void untilSuccess() {
        double successes = status.successfulPolls();
        for (int attempt = 0; attempt < 10 && status.successfulPolls() <= successes; attempt++) {
            once();
        }
        assertThat(status.successfulPolls()).as("successful polls").isGreaterThan(successes);
    }

    /** The stand-in with no fault scripted or holding a connection, and a poll that succeeded since. */
    TickedPolls startClean(StandInFaults faults) {
        faults.clear();
        faults.releaseHeld();
        untilSuccess();
        return this;
    }
}
