package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.ExitCodes;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.CoinGeckoJsonReader;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.BrokerUnavailableException;
import io.cryptopipe.ingest.messaging.RecordSink;
import io.cryptopipe.ingest.messaging.TopicInitializer;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes past observations from {@code /coins/{id}/market_chart/range} (a day's hole within the last day: from
 * {@code market_chart?days=1}, at 5-minute resolution) to {@code market.raw} in the poll's record shape, with the
 * request's source ({@code backfill}, or {@code repair} for a day's holes) and the fields the endpoint lacks left null; a point the validation refuses goes to the dead-letter topic with its reason, as a polled record
 * does (both through the {@link RecordSink}). Every call is charged to the same budget as polls and retried by
 * {@link BackfillCalls}; a chunk is recorded as done once the broker acknowledged all of it, so a run stopped half-way
 * is resumed by running the same command again.
 */
@ApplicationScoped
public class Backfill {

    private static final Logger LOG = Logger.getLogger(Backfill.class);

    private final BackfillCalls calls;
    private final CoinGeckoJsonReader reader;
    private final RecordSink sink;
    private final TopicInitializer topics;
    private final IngestConfig.Backfill config;
    private final Duration fiveMinuteMargin;
    private final Clock clock;

    Backfill(BackfillCalls calls, CoinGeckoJsonReader reader, RecordSink sink, TopicInitializer topics,
            IngestConfig config, Clock clock) {
        this.calls = calls;
        this.reader = reader;
        this.sink = sink;
        this.topics = topics;
        this.config = config.backfill();
        this.fiveMinuteMargin = config.repair().fiveMinuteMargin();
        this.clock = clock;
    }

    /** @return one of {@link ExitCodes} */
    public int run(BackfillRequest request) {
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        BackfillProgress progress = new BackfillProgress(Path.of(config.progressFile()));
        try {
            topics.ensureCreated();
            Map<String, RawRecord> coins;
            List<String> ids;
            Optional<List<String>> recorded = request.byMarketCap() ? progress.resolvedCoins(request) : Optional.empty();
            if (request.byMarketCap() && recorded.isEmpty()) {
                coins = topByMarketCap(request.top());
                ids = List.copyOf(coins.keySet());
                progress.recordResolvedCoins(request, ids);
                LOG.infof("Backfill of the top %d coins by market cap resolved to %s", request.top(),
                        String.join(",", ids));
            } else {
                ids = recorded.orElse(request.coins());
                recorded.ifPresent(list -> LOG.infof("Backfill of the top %d coins resumes the coins resolved by the "
                        + "first run: %s", request.top(), String.join(",", list)));
                coins = identities(ids);
            }
            Set<String> unknown = new LinkedHashSet<>(ids);
            unknown.removeAll(coins.keySet());
            if (!unknown.isEmpty()) {
                LOG.errorf("Backfill refused: CoinGecko knows no coin with id %s", String.join(", ", unknown));
                return ExitCodes.USAGE_ERROR;
            }
            int published = 0;
            int skipped = 0;
            for (String coin : ids) {
                for (BackfillRequest.Chunk chunk : request.chunks(coin)) {
                    if (progress.isDone(coin, chunk)) {
                        skipped++;
                        continue;
                    }
                    published += backfill(coins.get(coin), chunk, request.source(), fetchedAt);
                    progress.markDone(coin, chunk);
                }
            }
            LOG.infof("Backfill (source %s) of %s from %s to %s done: %d records published, %d chunks already done"
                    + " before", request.source(), String.join(",", ids), request.from(), request.to(), published,
                    skipped);
            return ExitCodes.OK;
        } catch (CoinGeckoException | CallRefusedException | BrokerUnavailableException | IllegalStateException e) {
            LOG.errorf("Backfill stopped: %s; run the same command again to resume", e.getMessage());
            return ExitCodes.TECHNICAL_FAILURE;
        }
    }

    private Map<String, RawRecord> identities(List<String> ids) {
        Map<String, RawRecord> byId = new HashMap<>();
        // A resumed --top run above 250 coins names more ids than one request takes.
        for (int start = 0; start < ids.size(); start += MarketsPage.MAX_PER_PAGE) {
            List<String> batch = ids.subList(start, Math.min(ids.size(), start + MarketsPage.MAX_PER_PAGE));
            for (RawRecord record : calls.byIds(batch)) {
                String id = record.coinIdOrNull();
                if (id != null) {
                    byId.putIfAbsent(id, record);
                }
            }
        }
        return byId;
    }

    /**
     * The first {@code top} distinct coins of the poller's market-cap ranking, in rank order; the same answer gives
     * their symbol and name, so no further lookup is spent. Paged like the poll, which also fetches up to
     * {@code pages - 1} coins beyond the top N: those are dropped.
     */
    private Map<String, RawRecord> topByMarketCap(int top) {
        Map<String, RawRecord> byId = new LinkedHashMap<>();
        for (RawRecord record : calls.topByMarketCap(top)) {
            String id = record.coinIdOrNull();
            if (id != null && byId.size() < top) {
                byId.putIfAbsent(id, record);
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException("CoinGecko ranked no coins by market cap");
        }
        if (byId.size() < top) {
            LOG.warnf("Backfill asked for the top %d coins; CoinGecko ranked only %d", top, byId.size());
        }
        return byId;
    }

    private int backfill(RawRecord coin, BackfillRequest.Chunk chunk, String source, Instant fetchedAt) {
        String id = coin.coinIdOrNull();
        Instant from = chunk.from();
        Instant until = chunk.until();
        // A day's hole still within the last day gets the 5-minute points the live repair gets, not hourly ones.
        boolean fiveMinutes = MarketRecord.SOURCE_REPAIR.equals(source)
                && FiveMinuteHistory.reaches(from, clock.instant(), fiveMinuteMargin);
        JsonNode chart = fiveMinutes ? calls.lastDay(id) : calls.marketChartRange(id, from, until.minusSeconds(1));
        List<Verdict> verdicts = reader.readChart(coin, chart, from, until, source, fetchedAt);
        sink.send(sink.deliver("the backfill of " + id + " " + chunk, verdicts)).throwIfIncomplete();
        int published = (int) verdicts.stream().filter(Verdict.Accepted.class::isInstance).count();
        LOG.infof("Backfilled coin %s %s: %d records published, %d dead-lettered", id, chunk, published,
                verdicts.size() - published);
        return published;
    }
}
