package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.MarketRecordPublisher;
import io.cryptopipe.ingest.messaging.TopicInitializer;
import io.cryptopipe.ingest.model.RawRecord;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    private final Clock clock;
    /** The poll whose attempts are not done yet: what it fetched and what the broker has not acknowledged. */
    private volatile PollInProgress current;
    /** The coins on the last successful poll's pages, which the next poll must find again. */
    private volatile Set<String> previousCoins = Set.of();
    private int lastPublished;
    private int lastUnchanged;
    private int lastRejected;

    MarketPoller(CoinGeckoClient coinGecko, MarketRecordValidator validator, MarketRecordPublisher publisher,
            TopicInitializer topics, PollStatus status, ObservationDeduplicator dedup, PollerLease lease,
            PollingPlan plan, IngestConfig config, Clock clock) {
        this.coinGecko = coinGecko;
        this.clock = clock;
        this.validator = validator;
        this.publisher = publisher;
        this.topics = topics;
        this.status = status;
        this.dedup = dedup;
        this.lease = lease;
        this.config = config.poll();
        // The poller never waits inside a poll (see the class comment), so it cannot hand its retries to a
        // fault-tolerance @Retry, which sleeps between attempts: the schedule keeps the next attempt's time instead.
        this.schedule = new PollSchedule(plan.interval(), CoinGeckoBackoff.backoff(config.retry()));
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

    /**
     * One attempt at the poll in progress (a new one when the last succeeded): fetch the pages still missing, ask
     * by id for the previous poll's coins no page had, turn the records into sends once, then send whatever the
     * broker has not acknowledged yet. A failure anywhere keeps what was done for the retry.
     */
    private void poll(Instant polledAt) {
        topics.ensureCreated();
        if (current == null) {
            current = new PollInProgress(polledAt, MarketsPage.covering(config.topN()), previousCoins);
        }
        PollInProgress poll = current;
        poll.attempted();
        if (poll.pending() == null) {
            poll.fetchPages(source, config.pageConcurrency(), Infrastructure.getDefaultWorkerPool(), clock);
            poll.fetchMissingCoins(source, clock);
            Duration fetchTime = poll.fetchTime(clock.instant());
            status.fetched(fetchTime, poll.missedByBudget(), poll.absentById());
            poll.pending(toSends(poll));
        }
        Instant publishStart = clock.instant();
        publishPending(poll);
        long publishMillis = Duration.between(publishStart, clock.instant()).toMillis();

        previousCoins = poll.coinsOnPages();
        current = null;
        // This attempt's time, not the poll's first: a poll retried for a minute is as fresh as its last attempt.
        status.succeeded(polledAt);
        LOG.infof("Poll at %s: %d records from CoinGecko (%d pages and %d coins by id, %d calls, %d attempts),"
                + " fetched in %d ms, %d published (last sends acknowledged in %d ms), %d unchanged since the last"
                + " poll, %d dead-lettered%s", poll.polledAt(), poll.recordCount(), poll.pageCount(),
                poll.foundById(), poll.calls(), poll.attempts(), poll.fetchTime(clock.instant()).toMillis(),
                lastPublished, publishMillis, lastUnchanged, lastRejected,
                poll.missedByBudget() + poll.absentById() == 0 ? ""
                        : ", " + poll.missedByBudget() + " coins of the last poll not fetched (budget), "
                                + poll.absentById() + " no longer listed");
    }

    private final PollInProgress.Source source = new PollInProgress.Source() {
        @Override
        public List<RawRecord> page(MarketsPage page, int pageCount) {
            return coinGecko.page(page, pageCount, config.vsCurrency());
        }

        @Override
        public List<RawRecord> byIds(List<String> ids) {
            return coinGecko.byIds(ids, config.vsCurrency());
        }
    };

    /**
     * Validates each answer on its own (a coin twice in one answer is CoinGecko's error) and keeps one send per
     * observation across answers: a coin on two pages with the same {@code last_updated} is one observation.
     */
    private List<Outgoing> toSends(PollInProgress poll) {
        List<Outgoing> sends = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        int unchanged = 0;
        int rejected = 0;
        int repeated = 0;
        for (PollInProgress.Answer answer : poll.answers()) {
            for (Verdict verdict : validator.validateResponse(answer.records(), answer.fetchedAt())) {
                if (verdict instanceof Verdict.Accepted accepted) {
                    MarketRecord record = accepted.record();
                    if (!identities.add(record.coinId() + '\n' + record.timestamp())) {
                        repeated++;
                    } else if (!dedup.isNew(record)) {
                        unchanged++;
                    } else {
                        sends.add(Outgoing.record(record));
                    }
                } else if (verdict instanceof Verdict.Rejected refused) {
                    rejected++;
                    sends.add(deadLetter(refused, answer.fetchedAt()));
                }
            }
        }
        status.unchanged(unchanged);
        if (repeated > 0) {
            LOG.debugf("Poll at %s: %d records seen on two pages (ranks moved while paging), sent once",
                    poll.polledAt(), repeated);
        }
        lastUnchanged = unchanged;
        lastRejected = rejected;
        lastPublished = 0;
        return sends;
    }

    /**
     * Sends the poll's unacknowledged records, at most {@code publish-window} waiting for the broker at a time (the
     * back-pressure the emitter needs: it refuses what its downstream has not asked for). Each acknowledged record
     * is remembered as published and leaves the poll; if any is left when all were tried, or the deadline passes,
     * the poll fails and the retry sends only those.
     */
    private void publishPending(PollInProgress poll) {
        List<Outgoing> sends = List.copyOf(poll.pending());
        AtomicInteger published = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try {
            if (!sends.isEmpty()) {
                Multi.createFrom().iterable(sends)
                        .onItem().transformToUni(send -> send(send, published)
                                .onItem().transform(ignored -> Boolean.TRUE)
                                .onFailure().recoverWithItem(e -> {
                                    failed.incrementAndGet();
                                    firstFailure.compareAndSet(null, e.getMessage());
                                    return Boolean.FALSE;
                                }))
                        .merge(Math.max(1, config.publishWindow()))
                        .collect().last()
                        .await().atMost(config.publishTimeout());
            }
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, "no acknowledgement within " + config.publishTimeout());
        } finally {
            poll.pending().removeIf(Outgoing::acknowledged);
            status.published(published.get());
            lastPublished += published.get();
        }
        int left = poll.pending().size();
        if (left > 0) {
            throw new IllegalStateException("Broker did not acknowledge " + left + " of the " + sends.size()
                    + " records of the poll within " + config.publishTimeout() + " (they are sent again on the"
                    + " retry): " + firstFailure.get());
        }
    }

    private Uni<Void> send(Outgoing send, AtomicInteger published) {
        if (send.record() == null) {
            return publisher.deadLetter(send.letter(), send.key()).invoke(send::acknowledge);
        }
        MarketRecord record = send.record();
        return publisher.publish(record).invoke(() -> {
            dedup.published(record);
            send.acknowledge();
            published.incrementAndGet();
        });
    }

    private Outgoing deadLetter(Verdict.Rejected refused, Instant fetchedAt) {
        RawRecord raw = refused.raw();
        Rejection rejection = refused.rejection();
        status.rejected(rejection.code());
        LOG.warnf("Dead-lettering record of coin %s: %s",
                raw.coinIdOrNull() == null ? "(no id)" : raw.coinIdOrNull(), rejection.detail());
        DeadLetter letter = DeadLetter.fromPoll(rejection.detail(), raw.text(), fetchedAt,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return Outgoing.deadLetter(letter, raw.coinIdOrNull());
    }

}
