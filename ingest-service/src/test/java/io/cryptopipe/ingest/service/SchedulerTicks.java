package io.cryptopipe.ingest.service;

import jakarta.inject.Singleton;

/**
 * The scheduler's two ticks run by hand, for tests on simulated time whose profiles switch the scheduler off: what the
 * scheduler would do at the instant the test has set, run to its end before the test goes on.
 */
@Singleton
public class SchedulerTicks {

    private final MarketPoller poller;

    SchedulerTicks(MarketPoller poller) {
        this.poller = poller;
    }

    /** The lease renewed (or taken), then the poll or retry, if one is due. */
    public void run() {
        poller.renewLease();
        poller.tick();
    }
}
