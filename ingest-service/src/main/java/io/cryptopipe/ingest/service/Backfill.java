package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.ExitCodes;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.MarketRecordPublisher;
import io.cryptopipe.ingest.messaging.TopicInitializer;
import io.cryptopipe.ingest.model.RawRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes past observations from {@code /coins/{id}/market_chart/range} to {@code market.raw} in the poll's record
 * shape, with source {@value #SOURCE} and the fields the endpoint lacks left null. Every call is charged to the same
 * budget as polls and retried by {@link BackfillCalls}; a chunk is recorded as done once the broker acknowledged all of it, so a run stopped half-way
 * is resumed by running the same command again.
 */
@ApplicationScoped
public class Backfill {

    public static final String SOURCE = "backfill";

    private static final Logger LOG = Logger.getLogger(Backfill.class);

    private final BackfillCalls calls;
    private final MarketRecordPublisher publisher;
    private final TopicInitializer topics;
    private final IngestConfig config;
    private final Clock clock;

    Backfill(BackfillCalls calls, MarketRecordPublisher publisher, TopicInitializer topics,
            IngestConfig config, Clock clock) {
        this.calls = calls;
        this.clock = clock;
        this.publisher = publisher;
        this.topics = topics;
        this.config = config;
    }

    /** @return one of {@link ExitCodes} */
    public int run(BackfillRequest request) {
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String vsCurrency = config.poll().vsCurrency();
        BackfillProgress progress = new BackfillProgress(Path.of(config.backfill().progressFile()));
        try {
            topics.ensureCreated();
            Map<String, RawRecord> coins;
            List<String> ids;
            Optional<List<String>> recorded = request.byMarketCap() ? progress.resolvedCoins(request) : Optional.empty();
            if (request.byMarketCap() && recorded.isEmpty()) {
                coins = topByMarketCap(request.top(), vsCurrency);
                ids = List.copyOf(coins.keySet());
                progress.recordResolvedCoins(request, ids);
                LOG.infof("Backfill of the top %d coins by market cap resolved to %s", request.top(),
                        String.join(",", ids));
            } else {
                ids = recorded.orElse(request.coins());
                recorded.ifPresent(list -> LOG.infof("Backfill of the top %d coins resumes the coins resolved by the "
                        + "first run: %s", request.top(), String.join(",", list)));
                coins = identities(ids, vsCurrency);
            }
            Set<String> unknown = new LinkedHashSet<>(ids);
            unknown.removeAll(coins.keySet());
            if (!unknown.isEmpty()) {
                LOG.errorf("Backfill refused: CoinGecko knows no coin with id %s", String.join(", ", unknown));
                return ExitCodes.USAGE;
            }
            int published = 0;
            int skipped = 0;
            for (String coin : ids) {
                for (BackfillRequest.Chunk chunk : request.chunks()) {
                    if (progress.isDone(coin, chunk)) {
                        skipped++;
                        continue;
                    }
                    published += backfill(coins.get(coin), chunk, vsCurrency, fetchedAt);
                    progress.markDone(coin, chunk);
                }
            }
            LOG.infof("Backfill of %s from %s to %s done: %d records published, %d chunks already done before",
                    String.join(",", ids), request.from(), request.to(), published, skipped);
            return ExitCodes.OK;
        } catch (CoinGeckoException | CallRefusedException | IllegalStateException e) {
            LOG.errorf("Backfill stopped: %s; run the same command again to resume", e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private Map<String, RawRecord> identities(List<String> ids, String vsCurrency) {
        Map<String, RawRecord> byId = new HashMap<>();
        // A resumed --top run above 250 coins names more ids than one request takes.
        for (int start = 0; start < ids.size(); start += MarketsPage.MAX_PER_PAGE) {
            List<String> batch = ids.subList(start, Math.min(ids.size(), start + MarketsPage.MAX_PER_PAGE));
            for (RawRecord record : calls.byIds(batch, vsCurrency)) {
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
    private Map<String, RawRecord> topByMarketCap(int top, String vsCurrency) {
        Map<String, RawRecord> byId = new LinkedHashMap<>();
        for (RawRecord record : calls.topByMarketCap(top, vsCurrency)) {
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

    private int backfill(RawRecord coin, BackfillRequest.Chunk chunk, String vsCurrency, Instant fetchedAt) {
        String id = coin.coinIdOrNull();
        Instant from = chunk.first().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = chunk.last().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        JsonNode chart = calls.marketChartRange(id, vsCurrency, from, until.minusSeconds(1));
        Map<Long, Double> caps = series(chart.path("market_caps"));
        Map<Long, Double> volumes = series(chart.path("total_volumes"));
        String symbol = coin.json().path("symbol").asText(null);
        String name = coin.json().path("name").asText(null);

        List<Uni<Void>> sends = new ArrayList<>();
        int published = 0;
        int refused = 0;
        for (JsonNode point : chart.path("prices")) {
            long millis = point.path(0).asLong(Long.MIN_VALUE);
            Instant at = Instant.ofEpochMilli(millis);
            if (millis == Long.MIN_VALUE || at.isBefore(from) || !at.isBefore(until)) {
                continue; // outside the chunk: another chunk (or nobody) asked for it
            }
            JsonNode price = point.path(1);
            MarketRecord record = new MarketRecord(MarketRecord.SCHEMA_VERSION, id, symbol, name, at, fetchedAt,
                    SOURCE, price.isNumber() ? price.doubleValue() : null, caps.get(millis), null,
                    volumes.get(millis), null, null, null, null, null);
            Optional<String> violation = record.violation();
            if (violation.isPresent()) {
                refused++;
                LOG.warnf("Dead-lettering backfill point of coin %s at %s: %s", id, at, violation.get());
                sends.add(publisher.deadLetter(DeadLetter.fromPoll(violation.get(), point.toString(), fetchedAt,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS)), id));
            } else {
                published++;
                sends.add(publisher.publish(record));
            }
        }
        if (!sends.isEmpty()) {
            try {
                Uni.join().all(sends).andCollectFailures().await().atMost(config.poll().publishTimeout());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Broker did not acknowledge the backfill of " + id + " " + chunk
                        + ": " + e.getMessage(), e);
            }
        }
        LOG.infof("Backfilled coin %s %s: %d records published, %d dead-lettered", id, chunk, published, refused);
        return published;
    }

    private static Map<Long, Double> series(JsonNode points) {
        Map<Long, Double> values = new HashMap<>();
        for (JsonNode point : points) {
            if (point.path(0).canConvertToLong() && point.path(1).isNumber()) {
                values.put(point.path(0).asLong(), point.path(1).doubleValue());
            }
        }
        return values;
    }
}
