package io.cryptopipe.aggregate.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

@ApplicationScoped
public class ClockConfiguration {

    /** The job's days are UTC days, whatever the zone of the machine it runs on. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
