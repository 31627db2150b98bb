package io.cryptopipe.ingest;

import io.cryptopipe.testsupport.MutableClock;
import io.quarkus.scheduler.SuccessfulExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Time a {@code @QuarkusTest} moves by hand: in a profile that enables this alternative, the service's {@code Clock}
 * is a {@link MutableClock}, and the scheduler's completed runs are counted, so that a test knows the service has
 * looked at the time it set before it asserts what the service did at that time. Timing is then asserted on exact
 * instants, whatever the load on the machine; only how long the test waits for the scheduler depends on it.
 */
@Alternative
@ApplicationScoped
public class SimulatedTime {

    /** Generous: a busy machine delays the scheduler's runs by seconds, never by a minute. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Map<String, AtomicLong> completedRuns = new ConcurrentHashMap<>();

    @Produces
    @Singleton
    MutableClock clock() {
        return clock;
    }

    void completed(@Observes SuccessfulExecution execution) {
        runs(execution.getExecution().getTrigger().getId()).incrementAndGet();
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

    /**
     * Waits until each scheduled method has run once from start to end since this call, i.e. at the time now set:
     * the second run that completes after this call started after the first one ended (runs of a method that skips
     * concurrent executions never overlap, and skipped runs are not counted).
     */
    public void awaitWholeRun(String... identities) {
        Map<String, Long> seen = new HashMap<>();
        for (String identity : identities) {
            seen.put(identity, runs(identity).get());
        }
        await().atMost(PATIENCE).until(() -> seen.entrySet().stream()
                .allMatch(before -> runs(before.getKey()).get() >= before.getValue() + 2));
    }

    private AtomicLong runs(String identity) {
        return completedRuns.computeIfAbsent(identity, id -> new AtomicLong());
    }
}
