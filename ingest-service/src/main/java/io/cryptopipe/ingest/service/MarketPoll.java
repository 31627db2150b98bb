package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.client.CoinGeckoJsonReader;
import io.cryptopipe.ingest.client.MarketsAnswer;
import io.cryptopipe.ingest.client.MarketsPaging;
import io.cryptopipe.ingest.client.PageFetcher;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.RecordSink;
import io.cryptopipe.ingest.messaging.Sent;
import io.cryptopipe.ingest.messaging.TopicInitializer;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One attempt at the poll in progress (a new poll when the last succeeded): fetch the pages still missing, ask by id
 * for the previous poll's coins no page had, read the answers into verdicts once (leaving out observations already
 * published), hand them to the {@link RecordSink}, and count the poll done only when the broker has acknowledged all
 * of it. A failure anywhere keeps what was done for the retry, which {@link MarketPoller} schedules.
 */
@ApplicationScoped
public class MarketPoll {

    // The poll's lines keep the category operators know them by.
    private static final Logger LOG = Logger.getLogger(MarketPoller.class);

    private final PageFetcher fetcher;
    private final CoinGeckoJsonReader reader;
    private final ObservationDeduplicator dedup;
    private final RecordSink sink;
    private final TopicInitializer topics;
    private final PollStatus status;
    private final IngestConfig config;
    private final Clock clock;
    /** The poll whose attempts are not done yet. */
    private volatile PollInProgress current;
    /** The coins on the last successful poll's pages, which the next poll must find again. */
    private volatile Set<String> previousCoins = Set.of();

    MarketPoll(PageFetcher fetcher, CoinGeckoJsonReader reader, ObservationDeduplicator dedup, RecordSink sink,
            TopicInitializer topics, PollStatus status, IngestConfig config, Clock clock) {
        this.fetcher = fetcher;
        this.reader = reader;
        this.dedup = dedup;
        this.sink = sink;
        this.topics = topics;
        this.status = status;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @return the poll's records in rank order (its pages, then the coins asked for by id), once it succeeded
     * @throws RuntimeException what stopped the attempt; the poll stays in progress for the retry
     */
    List<RawRecord> attempt(Instant polledAt) {
        topics.ensureCreated();
        if (current == null) {
            current = new PollInProgress(polledAt, MarketsPaging.covering(config.poll().topN()), previousCoins);
        }
        PollInProgress poll = current;
        poll.attempted();
        if (poll.delivery().isEmpty()) {
            fetcher.fetch(poll.pages(), config.poll().pageConcurrency());
            // A coin whose rank moved across a page boundary between two page requests is asked for by id.
            fetcher.fetch(poll.missingCoins());
            status.fetched(poll.fetchTime(clock.instant()), poll.missedByBudget(), poll.absentById());
            judge(poll);
        }
        Instant publishStart = clock.instant();
        Sent sent = sink.send(poll.delivery().orElseThrow());
        List<MarketRecord> published = sent.acknowledged().stream().filter(Verdict.Accepted.class::isInstance)
                .map(verdict -> ((Verdict.Accepted) verdict).record()).toList();
        published.forEach(dedup::published);
        status.published(published.size());
        poll.published(published.size());
        sent.throwIfIncomplete();
        long publishMillis = Duration.between(publishStart, clock.instant()).toMillis();

        previousCoins = poll.coinsOnPages();
        current = null;
        // This attempt's time, not the poll's first: a poll retried for a minute is as fresh as its last attempt.
        status.succeeded(polledAt);
        LOG.infof("Poll at %s: %s", poll.polledAt(), poll.summary(clock.instant(), publishMillis));
        return poll.answers().stream().flatMap(answer -> answer.records().stream()).toList();
    }

    /**
     * Reads each answer on its own (a coin twice in one answer is CoinGecko's error) and keeps one send per
     * observation across answers: a coin on two pages with the same {@code last_updated} is one observation.
     */
    private void judge(PollInProgress poll) {
        List<Verdict> sends = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        int unchanged = 0;
        int rejected = 0;
        int repeated = 0;
        for (MarketsAnswer answer : poll.answers()) {
            for (Verdict verdict : reader.readMarkets(answer.records(), answer.fetchedAt())) {
                if (verdict instanceof Verdict.Accepted accepted) {
                    MarketRecord record = accepted.record();
                    if (!identities.add(record.coinId() + '\n' + record.timestamp())) {
                        repeated++;
                        continue;
                    }
                    if (!dedup.isNew(record)) {
                        unchanged++;
                        continue;
                    }
                } else {
                    rejected++;
                }
                sends.add(verdict);
            }
        }
        status.unchanged(unchanged);
        if (repeated > 0) {
            LOG.debugf("Poll at %s: %d records seen on two pages (ranks moved while paging), sent once",
                    poll.polledAt(), repeated);
        }
        poll.judged(sink.deliver("the poll", sends), unchanged, rejected);
    }
}
