package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.MarketRecordPublisher;
import io.cryptopipe.ingest.messaging.TopicInitializer;
import io.cryptopipe.ingest.model.RawRecord;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One poll: fetch the top coins, validate every record, publish the new valid ones and dead-letter the rest, and
 * count the poll done only when the broker has acknowledged all of it. A frequent tick asks the
 * {@link PollSchedule} whether a poll or a retry is due, so a failure is retried after its backoff without ever
 * waiting inside a poll.
 */
@ApplicationScoped
public class MarketPoller {

    private static final Logger LOG = Logger.getLogger(MarketPoller.class);

    private final CoinGeckoClient coinGecko;
    private final MarketRecordValidator validator;
    private final MarketRecordPublisher publisher;
    private final TopicInitializer topics;
    private final PollStatus status;
    private final ObservationDeduplicator dedup;
    private final PollerLease lease;
    private final IngestConfig.Poll config;
    private final PollSchedule schedule;
    private final Clock clock = Clock.systemUTC();

    MarketPoller(CoinGeckoClient coinGecko, MarketRecordValidator validator, MarketRecordPublisher publisher,
            TopicInitializer topics, PollStatus status, ObservationDeduplicator dedup, PollerLease lease,
            PollingPlan plan, IngestConfig config) {
        this.coinGecko = coinGecko;
        this.validator = validator;
        this.publisher = publisher;
        this.topics = topics;
        this.status = status;
        this.dedup = dedup;
        this.lease = lease;
        this.config = config.poll();
        IngestConfig.Backoff backoff = config.backoff();
        this.schedule = new PollSchedule(plan.interval(),
                new Backoff(backoff.initial(), backoff.max(), backoff.maxRetryAfter(), new SecureRandom()));
    }

    /** The interval actually used, after fitting the configured one to the budget. */
    public Duration interval() {
        return schedule.interval();
    }

    /**
     * Keeps the lease (or tries to take it) on its own schedule: a poll can take longer than the lease lives
     * (request and publish deadlines), and must not let it lapse while it runs.
     */
    @Scheduled(identity = "poller-lease", every = "{ingest.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewLease() {
        if (config.enabled()) {
            lease.holds(clock.instant());
        }
    }

    /** Runs on a worker thread (a poll blocks on HTTP and on broker acks); a tick still running skips the next. */
    @Scheduled(identity = "market-poll", every = "{ingest.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        if (!config.enabled() || !schedule.isDue(now) || !lease.holds(now)) {
            return;
        }
        Instant polledAt = now.truncatedTo(ChronoUnit.MILLIS);
        try {
            poll(polledAt);
            schedule.succeeded(now);
        } catch (CallRefusedException e) {
            schedule.deferUntil(e.until());
            status.deferred();
            LOG.warnf("Poll at %s deferred: %s", polledAt, e.getMessage());
        } catch (Exception e) {
            // Anything escaping would only be logged by the scheduler; the poll must also count as failed.
            String reason = e instanceof CoinGeckoException || e instanceof IllegalStateException
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            Optional<Duration> retryAfter = Optional.empty();
            String kind = "other";
            if (e instanceof CoinGeckoException coinGeckoFailure) {
                retryAfter = coinGeckoFailure.retryAfter();
                kind = coinGeckoFailure.kind().tag();
            } else if (e instanceof IllegalStateException) {
                kind = "broker";
            }
            status.failed(reason, kind);
            Duration wait = schedule.failed(clock.instant(), retryAfter);
            LOG.errorf("Poll at %s failed (%d in a row), next attempt in %s%s: %s", polledAt,
                    status.consecutiveFailures(), wait, retryAfter.isPresent() ? " as Retry-After asks" : "",
                    reason);
            LOG.debug("Poll failure detail", e);
        }
    }

    private void poll(Instant polledAt) {
        topics.ensureCreated();
        List<RawRecord> records = coinGecko.topByMarketCap(config.topN(), config.vsCurrency());
        List<Verdict> verdicts = validator.validateResponse(records, polledAt);

        AtomicInteger published = new AtomicInteger();
        int rejected = 0;
        int unchanged = 0;
        List<Uni<Void>> sends = new ArrayList<>(verdicts.size());
        for (Verdict verdict : verdicts) {
            if (verdict instanceof Verdict.Accepted accepted) {
                MarketRecord record = accepted.record();
                if (!dedup.isNew(record)) {
                    unchanged++;
                    continue;
                }
                sends.add(publisher.publish(record).invoke(() -> {
                    dedup.published(record);
                    published.incrementAndGet();
                }));
            } else if (verdict instanceof Verdict.Rejected refused) {
                rejected++;
                sends.add(deadLetter(refused, polledAt));
            }
        }
        status.unchanged(unchanged);
        try {
            awaitAll(sends, config.publishTimeout());
        } finally {
            status.published(published.get());
        }
        status.succeeded(polledAt);
        LOG.infof("Poll at %s: %d records from CoinGecko, %d published, %d unchanged since the last poll,"
                + " %d dead-lettered", polledAt, records.size(), published.get(), unchanged, rejected);
    }

    private Uni<Void> deadLetter(Verdict.Rejected refused, Instant polledAt) {
        RawRecord raw = refused.raw();
        Rejection rejection = refused.rejection();
        status.rejected(rejection.code());
        LOG.warnf("Dead-lettering record of coin %s: %s",
                raw.coinIdOrNull() == null ? "(no id)" : raw.coinIdOrNull(), rejection.reason());
        DeadLetter letter = DeadLetter.fromPoll(rejection.reason(), raw.text(), polledAt,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return publisher.deadLetter(letter, raw.coinIdOrNull());
    }

    private static void awaitAll(List<Uni<Void>> sends, Duration timeout) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(sends).andCollectFailures().await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Broker did not acknowledge every record of the poll within "
                    + timeout + ": " + e.getMessage(), e);
        }
    }
}
