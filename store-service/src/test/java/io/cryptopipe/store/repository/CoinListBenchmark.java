package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.store.RefusingMongoServer;
import io.cryptopipe.store.query.CoinsQuery;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/coins} at the whole market's size: the one aggregation per page against the approach it replaced
 * (a {@code distinct} of the coin ids, then one newest-first {@code find} per coin), in the same run, against the
 * same wire server and data, with the round trips each needs. Not part of {@code verify} (the name does not end in
 * Test): {@code ./mvnw -B -pl store-service -am verify -Dtest=CoinListBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -DskipITs}; {@code -Dbenchmark.coins}, {@code -Dbenchmark.observations} (per coin) and
 * {@code -Dbenchmark.old.coins} (how many of the per-coin queries the old approach is timed on) change the size.
 * <p>
 * The wire server has no query planner: it answers each per-coin {@code find} by scanning the collection, where
 * MongoDB seeks the index; the old approach's time here is therefore no estimate of its time on MongoDB. What carries
 * over is the count of round trips, each one network round trip on a real deployment.
 */
class CoinListBenchmark {

    private static final Logger LOG = Logger.getLogger(CoinListBenchmark.class);
    private static final int COINS = Integer.getInteger("benchmark.coins", 15_000);
    private static final int OBSERVATIONS = Integer.getInteger("benchmark.observations", 2);
    private static final int OLD_COINS = Integer.getInteger("benchmark.old.coins", 500);
    private static final int RUNS = 5;

    @Test
    void onePageByOneAggregationAgainstADistinctAndOneQueryPerCoin() {
        AtomicInteger commands = new AtomicInteger();
        try (RefusingMongoServer server = new RefusingMongoServer();
             MongoClient client = server.client(event -> {
                 if (!event.getCommandName().equals("hello") && !event.getCommandName().equals("isMaster")) {
                     commands.incrementAndGet();
                 }
             })) {
            MarketQueryRepository repository = new MarketQueryRepository(client, "benchmark",
                    QueryTimeLimitTest.config(Duration.ofMinutes(5)));
            MongoCollection<Document> raw = repository.raw();
            raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
            insert(raw);

            CoinsQuery firstPage = new CoinsQuery(100, Optional.empty(), List.of(), Optional.empty());
            repository.latestPage(firstPage); // warm-up
            commands.set(0);
            double[] pageMillis = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long started = System.nanoTime();
                assertThat(repository.latestPage(firstPage)).hasSize(101);
                pageMillis[i] = (System.nanoTime() - started) / 1e6;
            }
            int pageCommands = commands.get() / RUNS;

            commands.set(0);
            long walkStarted = System.nanoTime();
            int listed = 0;
            Optional<CoinsQuery.Position> after = Optional.empty();
            while (true) {
                List<Document> page = repository.latestPage(new CoinsQuery(500, after, List.of(), Optional.empty()));
                int shown = Math.min(500, page.size());
                listed += shown;
                if (page.size() <= 500) {
                    break;
                }
                Document last = page.get(499);
                after = Optional.of(new CoinsQuery.Position(
                        ((Number) last.get(MarketQueryRepository.RANK_ORDER)).longValue(), last.getString("coin_id")));
            }
            double walkMillis = (System.nanoTime() - walkStarted) / 1e6;
            int walkCommands = commands.get();
            assertThat(listed).isEqualTo(COINS);

            commands.set(0);
            long oldStarted = System.nanoTime();
            List<String> ids = raw.distinct("coin_id", String.class).into(new ArrayList<>());
            double distinctMillis = (System.nanoTime() - oldStarted) / 1e6;
            assertThat(ids).hasSize(COINS);
            long perCoinStarted = System.nanoTime();
            for (String id : ids.subList(0, Math.min(OLD_COINS, ids.size()))) {
                assertThat(raw.find(Filters.eq("coin_id", id)).sort(Sorts.descending("coin_id", "timestamp"))
                        .limit(1).first()).isNotNull();
            }
            double perCoinMillis = (System.nanoTime() - perCoinStarted) / 1e6 / Math.min(OLD_COINS, ids.size());
            int oldCommandsMeasured = commands.get();
            double oldMillis = distinctMillis + perCoinMillis * COINS;

            Arrays.sort(pageMillis);
            double page = pageMillis[RUNS / 2];
            LOG.infof("GET /api/coins at %d coins x %d observations (wire server, in-process):", COINS, OBSERVATIONS);
            LOG.infof("  one aggregation, first page of 100: median %.0f ms of %d runs (min %.0f, max %.0f), "
                    + "%d round trip(s)", page, RUNS, pageMillis[0], pageMillis[RUNS - 1], pageCommands);
            LOG.infof("  every page of 500 walked with the cursor: %.0f ms, %d round trips", walkMillis, walkCommands);
            LOG.infof("  old: distinct %.0f ms + %.1f ms per coin (timed on %d coins, %d round trips) -> %.0f ms "
                            + "for all %d coins, %d round trips", distinctMillis, perCoinMillis,
                    Math.min(OLD_COINS, ids.size()), oldCommandsMeasured, oldMillis, COINS, COINS + 1);
            LOG.infof("  old / new (first page): %.0fx here; at a network round trip of 1 ms (same region) or 30 ms "
                            + "(cross-region) the old approach's %d round trips alone take %.0f s or %.0f s, the "
                            + "page's one round trip 1 ms or 30 ms", oldMillis / page, COINS + 1, (COINS + 1) * 0.001,
                    (COINS + 1) * 0.030);
        }
    }

    private static void insert(MongoCollection<Document> raw) {
        Instant now = Instant.now();
        List<Document> batch = new ArrayList<>();
        for (int coin = 0; coin < COINS; coin++) {
            for (int k = 0; k < OBSERVATIONS; k++) {
                Date at = Date.from(now.minus(Duration.ofMinutes(OBSERVATIONS - k)));
                batch.add(new Document("coin_id", String.format("coin-%05d", coin)).append("timestamp", at)
                        .append("symbol", "c" + coin).append("name", "Coin " + coin)
                        .append("market_cap_rank", coin < 12_000 ? coin + 1 : null)
                        .append("current_price", 1.0 + coin + k).append("market_cap", 1e9 / (coin + 1)));
                if (batch.size() == 5000) {
                    raw.insertMany(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            raw.insertMany(batch);
        }
    }
}
