package io.cryptopipe.ingest;

import io.cryptopipe.ingest.service.SchedulerTicks;
import io.cryptopipe.testsupport.MutableClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Time a {@code @QuarkusTest} moves by hand: in a profile that extends {@link Profile}, the service's {@code Clock}
 * is a {@link MutableClock} and the scheduler is off: the test runs the scheduler's ticks
 * itself ({@link #tick}) at the instants it sets. Timing is then asserted on exact instants, whatever the load on the
 * machine, and no test waits for a scheduler to come round.
 */
@Alternative
@ApplicationScoped
public class SimulatedTime {

    /** A test profile on simulated time: this alternative, no tick but the test's, and the profile's own settings. */
    public abstract static class Profile implements QuarkusTestProfile {

        /** The profile's own settings. */
        protected abstract Map<String, String> settings();

        @Override
        public final Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(settings());
            config.put("quarkus.scheduler.enabled", "false");
            return config;
        }

        @Override
        public final Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SimulatedTime.class);
        }
    }

    private static volatile MutableClock sharedWithNextStart;

    private final MutableClock clock;
    private final SchedulerTicks ticks;

    SimulatedTime(SchedulerTicks ticks) {
        this.ticks = ticks;
        MutableClock shared = sharedWithNextStart;
        sharedWithNextStart = null;
        this.clock = shared != null ? shared : startingNow();
    }

    /**
     * A clock for what a test resource starts before the service (the CoinGecko stand-in), which the service started
     * next then reads as its own: both see the same simulated time.
     */
    public static MutableClock shareWithNextStart() {
        MutableClock shared = startingNow();
        sharedWithNextStart = shared;
        return shared;
    }

    private static MutableClock startingNow() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Produces
    @Singleton
    MutableClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public void set(Instant to) {
        clock.set(to);
    }

    public void advance(Duration by) {
        clock.advance(by);
    }

    /** Runs the scheduler's ticks at the time now set, to their end (a poll that is due included). */
    public void tick() {
        ticks.run();
    }
}
