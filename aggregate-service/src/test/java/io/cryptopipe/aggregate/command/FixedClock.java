package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.SharedLocalStack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/** The job's clock stopped at {@link #NOW}, in a profile that enables it ({@link Profile}). */
@Alternative
@ApplicationScoped
public class FixedClock {

    /** The run at 01:00Z after 2025-09-01, as the DAG schedules it. */
    public static final Instant NOW = Instant.parse("2025-09-02T01:00:00Z");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** The shared local stack, on the fixed clock. */
    public static class Profile extends SharedLocalStack {

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FixedClock.class);
        }
    }
}
