package io.cryptopipe.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The service's one clock, injected wherever it reads the time, so that a test can replace it with one it moves by
 * hand instead of waiting.
 */
@ApplicationScoped
public class ClockConfiguration {

    /** UTC: the days and months the service counts in are UTC ones, whatever the zone of the machine. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
