package io.cryptopipe.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one {@link Clock} of each service, injected wherever it reads the time, so that a test can move time by hand
 * (an alternative producing a mutable clock) instead of waiting for it. UTC: the pipeline's days, budgets and
 * timestamps are UTC, whatever the zone of the machine it runs on.
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
