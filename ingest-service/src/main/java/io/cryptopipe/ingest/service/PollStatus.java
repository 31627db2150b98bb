package io.cryptopipe.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the polls have gone: the metrics an operator alerts on, and the state the readiness check reads.
 * Created at start-up so that the metrics exist (at zero) before the first poll.
 */
@Startup
@ApplicationScoped
public class PollStatus {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Instant startedAt;
    private final Counter successfulPolls;
    private final Counter failedPolls;
    private final Counter deferredPolls;
    private final Counter publishedRecords;
    private final Counter unchangedRecords;
    private final Timer fetchTimer;
    private final Counter missedByBudgetCounter;
    private final Counter delistedCounter;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile Instant lastSuccess;
    private volatile String lastFailure;

    PollStatus(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.successfulPolls = polls("success");
        this.failedPolls = polls("failure");
        this.deferredPolls = polls("deferred");
        this.publishedRecords = Counter.builder("ingest.records.published")
                .description("Records published to market.raw and acknowledged by the broker")
                .register(registry);
        this.unchangedRecords = Counter.builder("ingest.records.unchanged")
                .description("Valid records not published again: same coin and last_updated as already published")
                .register(registry);
        this.fetchTimer = Timer.builder("ingest.poll.fetch")
                .description("Time from a poll's start until CoinGecko answered all its pages (over all attempts)")
                .publishPercentileHistogram()
                .register(registry);
        // A coin of the previous poll on no page of this one (its rank moved while paging) is asked for by id.
        this.missedByBudgetCounter = missed("budget");
        this.delistedCounter = missed("not_listed");
        // Before the first success the age counts from start-up, so a service that never succeeds still alerts.
        Gauge.builder("ingest.last.successful.poll.age", this, PollStatus::secondsSinceLastSuccess)
                .description("Seconds since the last poll that published all its records")
                .baseUnit("seconds")
                .register(registry);
    }

    public void succeeded(Instant polledAt) {
        lastSuccess = polledAt;
        consecutiveFailures.set(0);
        successfulPolls.increment();
    }

    /** @param kind a bounded tag saying what failed (rate_limited, server_error, timeout, broker, ...) */
    public void failed(String reason, String kind) {
        lastFailure = reason;
        consecutiveFailures.incrementAndGet();
        failedPolls.increment();
        Counter.builder("ingest.poll.failures")
                .description("Failed polls by what failed")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /** The poll was not attempted because the call budget did not allow it. */
    public void deferred() {
        deferredPolls.increment();
    }

    /**
     * A poll has all its answers.
     *
     * @param fetchTime      from the poll's start to its last answer, over all its attempts
     * @param missedByBudget coins of the previous poll on no page that the budget did not allow to ask for by id
     * @param delisted       coins of the previous poll that CoinGecko no longer answers for by id
     */
    public void fetched(Duration fetchTime, int missedByBudget, int delisted) {
        fetchTimer.record(fetchTime);
        missedByBudgetCounter.increment(missedByBudget);
        delistedCounter.increment(delisted);
    }

    public void unchanged(int records) {
        unchangedRecords.increment(records);
    }

    public void published(int records) {
        publishedRecords.increment(records);
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    double successfulPolls() {
        return successfulPolls.count();
    }

    double failedPolls() {
        return failedPolls.count();
    }

    double deferredPolls() {
        return deferredPolls.count();
    }

    private double secondsSinceLastSuccess() {
        Instant since = lastSuccess == null ? startedAt : lastSuccess;
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    private Counter missed(String reason) {
        return Counter.builder("ingest.coins.missed")
                .description("Coins of the previous poll that this poll has no record of: the budget refused the"
                        + " request by id (budget), or CoinGecko no longer lists them (not_listed)")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter polls(String outcome) {
        return Counter.builder("ingest.polls")
                .description("Polls of CoinGecko /coins/markets by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
