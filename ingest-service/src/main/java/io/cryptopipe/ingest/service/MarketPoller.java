package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.DeadLetter;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One poll: fetch the top coins, validate every record, publish the valid ones and dead-letter the rest, and
 * count the poll done only when the broker has acknowledged all of it.
 */
@ApplicationScoped
public class MarketPoller {

    private static final Logger LOG = Logger.getLogger(MarketPoller.class);

    private final CoinGeckoClient coinGecko;
    private final MarketRecordValidator validator;
    private final MarketRecordPublisher publisher;
    private final TopicInitializer topics;
    private final PollStatus status;
    private final IngestConfig.Poll config;
    private final Clock clock = Clock.systemUTC();

    MarketPoller(CoinGeckoClient coinGecko, MarketRecordValidator validator, MarketRecordPublisher publisher,
            TopicInitializer topics, PollStatus status, IngestConfig config) {
        this.coinGecko = coinGecko;
        this.validator = validator;
        this.publisher = publisher;
        this.topics = topics;
        this.status = status;
        this.config = config.poll();
    }

    /** Runs on a worker thread (it blocks on HTTP and on broker acks); a poll still running skips the next one. */
    @Scheduled(identity = "market-poll", every = "{ingest.poll.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        Instant polledAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            poll(polledAt);
        } catch (Exception e) {
            // Anything escaping would only be logged by the scheduler; the poll must also count as failed.
            String reason = e instanceof CoinGeckoException || e instanceof IllegalStateException
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            status.failed(reason);
            LOG.errorf("Poll at %s failed (%d in a row): %s", polledAt, status.consecutiveFailures(), reason);
            LOG.debug("Poll failure detail", e);
        }
    }

    private void poll(Instant polledAt) {
        topics.ensureCreated();
        List<RawRecord> records = coinGecko.topByMarketCap(config.topN(), config.vsCurrency());
        List<Verdict> verdicts = validator.validateResponse(records, polledAt);

        AtomicInteger published = new AtomicInteger();
        int rejected = 0;
        List<Uni<Void>> sends = new ArrayList<>(verdicts.size());
        for (Verdict verdict : verdicts) {
            if (verdict instanceof Verdict.Accepted accepted) {
                sends.add(publisher.publish(accepted.record()).invoke(published::incrementAndGet));
            } else if (verdict instanceof Verdict.Rejected refused) {
                rejected++;
                sends.add(deadLetter(refused, polledAt));
            }
        }
        try {
            awaitAll(sends, config.publishTimeout());
        } finally {
            status.published(published.get());
        }
        status.succeeded(polledAt);
        LOG.infof("Poll at %s: %d records from CoinGecko, %d published, %d dead-lettered",
                polledAt, records.size(), published.get(), rejected);
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
