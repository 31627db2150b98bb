package io.cryptopipe.aggregate.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.aggregate.model.DailyDocument;
import io.cryptopipe.aggregate.repository.pipeline.DailyPipeline;
import io.cryptopipe.contract.RawFields;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATE;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.QUALITY;

/**
 * The daily statistics collection and the raw collection they are computed from, both named by the shared
 * configuration ({@link JobCollections}). The daily documents are computed and written inside the database
 * ({@link DailyPipeline}); every read here is a projection or a whole document handed on as it is.
 */
@ApplicationScoped
public class DailyStatisticsRepository {

    private static final Logger LOG = Logger.getLogger(DailyStatisticsRepository.class);

    private final JobCollections collections;
    private final AggregateConfig config;

    public DailyStatisticsRepository(JobCollections collections, AggregateConfig config) {
        this.collections = collections;
        this.config = config;
    }

    private MongoCollection<Document> raw() {
        return collections.raw();
    }

    private MongoCollection<Document> dailyDocuments() {
        return collections.daily();
    }

    /**
     * Creates the unique index on ({@code coin_id}, {@code date}) unless it exists. It keeps one document per coin
     * and day, and MongoDB requires it before a {@code $merge} may match on those fields. The index on {@code date}
     * serves the reads of a whole day (the day before's coins, the gate, the events).
     */
    public void ensureIndexes() {
        dailyDocuments().createIndex(Indexes.ascending(COIN_ID, DATE), new IndexOptions().unique(true));
        dailyDocuments().createIndex(Indexes.ascending(DATE));
    }

    /** Whether the raw collection holds any observation of the day (answered from the timestamp index). */
    public boolean hasObservations(LocalDate day) {
        Date start = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date end = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return raw().find(Filters.and(Filters.gte(RawFields.TIMESTAMP, start), Filters.lt(RawFields.TIMESTAMP, end)))
                .projection(Projections.include(RawFields.TIMESTAMP))
                .limit(1)
                .first() != null;
    }

    /**
     * Computes and writes the day's daily documents, each once and complete: one pipeline per range of
     * {@code coins-per-pipeline} coins, so the database's memory is bounded by that many coins' slots whatever the
     * size of the market or of the day. The ranges together cover every coin id, including one stored after they were
     * made. All of them share the day's time limit.
     */
    public void computeDay(LocalDate day) {
        long started = System.nanoTime();
        List<CoinIdRange> ranges = CoinIdRange.covering(rawCoinIds(), config.coinsPerPipeline());
        DayDeadline deadline = DayDeadline.startingAt(started, day, config.dayTimeout(), ranges.size());
        for (CoinIdRange range : ranges) {
            // A range's $merge answers only once its coins are written, which can take far longer than the read
            // timeout of ordinary operations: the call gets the day's remaining time as its own bound (the driver's
            // operation timeout, which replaces the read timeout for it and is sent to the server as maxTimeMS).
            long remaining = deadline.remainingMillis(System.nanoTime());
            DailyPipeline.over(raw().withTimeout(remaining, TimeUnit.MILLISECONDS), day, collections.names().daily(),
                    config.quality().expectedInterval(), config.twap().maxHold(), range).toCollection();
        }
        LOG.debugf("%s: %d pipelines of at most %d coins", day, ranges.size(), config.coinsPerPipeline());
    }

    /**
     * Every coin id of the raw collection, in MongoDB's string order. Without a filter, MongoDB answers this from the
     * identity index {@code {coin_id: 1, timestamp: 1}} (one seek per coin, not a read of the observations); the
     * answer is one document, so it must stay under 16 MB: about 500,000 coin ids of 30 characters.
     */
    private List<String> rawCoinIds() {
        List<String> coins = raw().distinct(RawFields.COIN_ID, String.class).into(new ArrayList<>());
        coins.sort(CoinIdRange.MONGODB_ORDER);
        return coins;
    }

    /** Hands every daily document of the day, without {@code _id}, to {@code action}, in {@code coin_id} order. */
    public void forEachDailyDocument(LocalDate day, Consumer<DailyDocument> action) {
        dailyDocuments().find(Filters.eq(DATE, day.toString()))
                .projection(Projections.excludeId())
                .sort(Sorts.ascending(COIN_ID))
                .forEach(document -> action.accept(DailyDocument.of(document)));
    }

    /** Coins with a daily document for the day. */
    public Set<String> coinsOf(LocalDate day) {
        return dailyDocuments().distinct(COIN_ID, Filters.eq(DATE, day.toString()), String.class)
                .into(new HashSet<>());
    }

    /** What the quality gate needs of each daily document of the day. */
    public List<CoinDay> coinDays(LocalDate day) {
        List<CoinDay> coins = new ArrayList<>();
        dailyDocuments().find(Filters.eq(DATE, day.toString()))
                .projection(Projections.include(COIN_ID, LAST_MARKET_CAP_RANK, QUALITY))
                .forEach(document -> coins.add(CoinDay.of(document)));
        return coins;
    }
}
