package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.model.RawRecord;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When to poll: a frequent tick asks the {@link PollSchedule} whether a poll or a retry is due and whether this replica
 * holds the {@link PollerLease}, then has the {@link MarketPoll} attempt it and schedules the next attempt by how it
 * went. A failure is retried after its backoff without ever waiting inside a poll. On shutdown the ticks stop, and a
 * poll in flight is given its time to end, before the beans it uses go.
 */
@ApplicationScoped
public class MarketPoller {

    private static final Logger LOG = Logger.getLogger(MarketPoller.class);

    private final MarketPoll poll;
    private final PollStatus status;
    private final PollerLease lease;
    private final PollSchedule schedule;
    private final PollHistory history;
    private final boolean enabled;
    private final Clock clock;
    private final Duration longestPoll;
    private final ReentrantLock polling = new ReentrantLock();
    private final Object renewing = new Object();
    private volatile boolean stopping;

    @Inject
    MarketPoller(MarketPoll poll, PollStatus status, PollerLease lease, PollingPlan plan, IngestConfig config,
            HoleDetector holes, Clock clock) {
        // The poller never waits inside a poll, so it cannot hand its retries to a fault-tolerance @Retry, which
        // sleeps between attempts: the schedule keeps the next attempt's time instead.
        this(poll, status, lease, new PollSchedule(plan::interval, CoinGeckoBackoff.backoff(config.retry())),
                config.poll().enabled(), clock,
                config.coingecko().requestTimeout().plus(config.poll().publishTimeout()),
                config.repair().enabled() ? holes : PollHistory.none());
    }

    /**
     * @param longestPoll how long shutdown waits for a poll in flight: its answer's and its acknowledgements' time
     * @param history     told of each successful poll, to notice holes
     */
    MarketPoller(MarketPoll poll, PollStatus status, PollerLease lease, PollSchedule schedule, boolean enabled,
            Clock clock, Duration longestPoll, PollHistory history) {
        this.poll = poll;
        this.history = history;
        this.status = status;
        this.lease = lease;
        this.schedule = schedule;
        this.enabled = enabled;
        this.clock = clock;
        this.longestPoll = longestPoll;
    }

    /** The interval in use now, after fitting the configured one to the plan's limits in force. */
    public Duration interval() {
        return schedule.interval();
    }

    /**
     * Keeps the lease (or tries to take it) on its own schedule: a poll can take longer than the lease lives
     * (request and publish deadlines), and must not let it lapse while it runs.
     */
    @Scheduled(identity = "poller-lease", every = "{ingest.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void renewLease() {
        synchronized (renewing) {
            if (enabled && !stopping) {
                lease.holds(clock.instant());
            }
        }
    }

    /** Runs on a worker thread (a poll blocks on HTTP and on broker acks); a tick still running skips the next. */
    @Scheduled(identity = "market-poll", every = "{ingest.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        polling.lock();
        try {
            Instant now = clock.instant();
            if (!stopping && enabled && schedule.isDue(now) && lease.holds(now)) {
                attempt(now);
            }
        } finally {
            polling.unlock();
        }
    }

    private void attempt(Instant now) {
        Instant polledAt = now.truncatedTo(ChronoUnit.MILLIS);
        try {
            List<RawRecord> ranked = poll.attempt(polledAt);
            schedule.succeeded(now);
            history.succeeded(polledAt, ranked);
        } catch (CallRefusedException e) {
            schedule.deferUntil(e.until());
            status.deferred();
            LOG.warnf("Poll at %s deferred: %s", polledAt, e.getMessage());
        } catch (RuntimeException e) {
            // Anything escaping would only be logged by the scheduler; the poll must also count as failed.
            PollFailure failure = PollFailure.of(e);
            status.failed(failure.reason(), failure.kind());
            Duration wait = schedule.failed(clock.instant(), failure.retryAfter());
            LOG.errorf("Poll at %s failed (%d in a row), next attempt in %s%s: %s", polledAt,
                    status.consecutiveFailures(), wait,
                    failure.retryAfter().isPresent() ? " as Retry-After asks" : "", failure.reason());
            LOG.debug("Poll failure detail", e);
        }
    }

    /**
     * Stops polling before the beans a poll uses go (the scheduler stops only with its own bean): no tick polls or
     * renews the lease after this, and a poll in flight may end within its request's and acknowledgements' deadlines.
     * Observed before the lease is released on shutdown, so that no renewal takes it back.
     */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        synchronized (renewing) {
            stopping = true;
        }
        try {
            if (polling.tryLock(longestPoll.toMillis(), TimeUnit.MILLISECONDS)) {
                polling.unlock();
            } else {
                LOG.warnf("Stopping with a poll still in flight after %s", longestPoll);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
