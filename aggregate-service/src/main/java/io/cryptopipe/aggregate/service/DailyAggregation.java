package io.cryptopipe.aggregate.service;

import com.mongodb.MongoExecutionTimeoutException;
import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.messaging.DailyEventJson;
import io.cryptopipe.aggregate.messaging.DailyEventPublisher;
import io.cryptopipe.aggregate.messaging.DailyEvents;
import io.cryptopipe.aggregate.model.CoinCoverage;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.aggregate.model.CoinQuality;
import io.cryptopipe.aggregate.model.DayQualityReport;
import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.repository.DailyStatisticsRepository;
import io.cryptopipe.aggregate.repository.QualityReportRepository;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.cryptopipe.contract.DailyFields.CLOSE_PRICE;
import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;
import static io.cryptopipe.contract.DailyFields.OPEN_PRICE;
import static io.cryptopipe.contract.DailyFields.QUALITY;

/**
 * Computes and stores the daily statistics of one UTC day with their data-quality report, then emits one
 * {@code market.daily} event per coin. Running a day again replaces its documents and its report with the same
 * values (same {@code _id} too), so a failed or repeated run is fixed by running it again.
 * <p>
 * The statistics, the coverage and the longest gaps are computed by the database in one pass over the day, one
 * range of coins at a time ({@link DailyPipeline}); the job adds the price checks to each coin's report. It holds a few figures per coin,
 * never the observations.
 */
@ApplicationScoped
public class DailyAggregation {

    private static final Logger LOG = Logger.getLogger(DailyAggregation.class);
    /** MongoDB's error code for an operation past its {@code maxTimeMS}, used when the day's time ran out between two ranges. */
    private static final int MAX_TIME_EXPIRED = 50;

    private final DailyStatisticsRepository repository;
    private final QualityReportRepository reports;
    private final DailyEventPublisher publisher;
    private final AggregateConfig config;
    private final SharedNames names;
    private final QualityGate gate;

    public DailyAggregation(DailyStatisticsRepository repository, QualityReportRepository reports,
            DailyEventPublisher publisher, AggregateConfig config, SharedNames names) {
        this.repository = repository;
        this.reports = reports;
        this.publisher = publisher;
        this.config = config;
        this.names = names;
        this.gate = new QualityGate(config.quality().topN(), config.quality().minCoverage());
    }

    /** Must run once before {@link #aggregate}: {@code $merge} refuses to run without the unique index. */
    public void prepare() {
        repository.ensureIndexes();
        reports.ensureIndexes();
    }

    /** Opens the run's event producer; the job aggregates nothing when Kafka is not there to take the events. */
    public DailyEvents openEvents() {
        return publisher.open();
    }

    public DaySummary aggregate(LocalDate day, DailyEvents events) {
        LOG.debugf("aggregating %s from %s into %s", day, names.collections().raw(), names.collections().daily());
        long started = System.nanoTime();
        if (!repository.hasObservations(day)) {
            // Possibly a day whose raw data has expired: what an earlier run stored for it is left as it was.
            return DaySummary.withoutData(day);
        }
        runPipeline(day);
        long computed = System.nanoTime();
        List<CoinDay> coins = new ArrayList<>();
        long dataPoints = saveQuality(day, coins);
        Set<String> expected = expectedCoins(day);
        Set<String> missing = new TreeSet<>(expected);
        coins.forEach(coin -> missing.remove(coin.coinId()));
        GateVerdict verdict = gate.evaluate(day, coins, missing);
        reports.save(new DayQualityReport(day, expected.size(), coins.size(), List.copyOf(missing), verdict));
        long reported = System.nanoTime();
        int emitted = emit(day, events);
        LOG.debugf("%s took %d ms: statistics and coverage %d, quality report %d, events %d", day,
                millisSince(started), millis(computed - started), millis(reported - computed), millisSince(reported));
        return new DaySummary(day, coins.size(), dataPoints, verdict, emitted);
    }

    /**
     * One pipeline per range of {@code coins-per-pipeline} coins, each with its own {@code $merge}, so the database's
     * memory is bounded by that many coins' slots whatever the size of the market or of the day. The ranges come
     * from the raw collection's coin ids (a {@code distinct} answered from the identity index); together they cover
     * every coin id, including one stored after they were made. All ranges share the day's time limit.
     */
    private void runPipeline(LocalDate day) {
        long deadline = System.nanoTime() + config.dayTimeout().toNanos();
        List<CoinIdRange> ranges = CoinIdRange.covering(repository.rawCoinIds(), config.coinsPerPipeline());
        for (CoinIdRange range : ranges) {
            long remaining = remainingMillis(deadline, System.nanoTime(), day, config.dayTimeout(), ranges.size());
            // A range's $merge answers only once its coins are written, which can take far longer than the read
            // timeout of ordinary operations: the call gets the day's remaining time as its own bound (the driver's
            // operation timeout, which replaces the read timeout for it and is sent to the server as maxTimeMS).
            DailyPipeline.over(repository.raw().withTimeout(remaining, TimeUnit.MILLISECONDS), day,
                            names.collections().daily(), config.quality().expectedInterval(), range)
                    // Runs the pipeline for its $merge; iterating instead would also read the whole output back.
                    .toCollection();
        }
        LOG.debugf("%s: %d pipelines of at most %d coins", day, ranges.size(), config.coinsPerPipeline());
    }

    /**
     * What is left of the day's time for its next coin range, as the {@code maxTimeMS} of that range's pipeline.
     *
     * @throws MongoExecutionTimeoutException when nothing is left, as the server would answer a spent {@code maxTimeMS}
     */
    static long remainingMillis(long deadlineNanos, long nowNanos, LocalDate day, Duration dayTimeout, int ranges) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nowNanos);
        if (remaining <= 0) {
            throw new MongoExecutionTimeoutException(MAX_TIME_EXPIRED, "the pipelines of " + day
                    + " did not finish within " + dayTimeout + " (" + ranges + " coin ranges)");
        }
        return remaining;
    }

    private static long millisSince(long nanos) {
        return millis(System.nanoTime() - nanos);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Completes each coin's report, whose coverage the pipeline wrote, with the price checks; returns the day's
     * data points.
     */
    private long saveQuality(LocalDate day, List<CoinDay> coins) {
        Duration interval = config.quality().expectedInterval();
        Map<String, CoinQuality> qualityByCoin = new HashMap<>();
        long dataPoints = 0;
        for (Document figures : repository.priceFigures(day)) {
            String coinId = figures.getString(COIN_ID);
            int observations = figures.getInteger(DATA_POINTS);
            CoinCoverage coverage = CoinCoverage.of(coinId, observations, figures.get(QUALITY, Document.class));
            CoinQuality quality = CoinQuality.of(coverage, interval, figures.getDouble(OPEN_PRICE),
                    figures.getDouble(CLOSE_PRICE), figures.getDouble(MIN_PRICE), figures.getDouble(MAX_PRICE));
            qualityByCoin.put(coinId, quality);
            coins.add(new CoinDay(coinId, figures.getInteger(LAST_MARKET_CAP_RANK), quality));
            dataPoints += observations;
        }
        repository.saveQuality(day, qualityByCoin);
        return dataPoints;
    }

    /** The coins of the day before, plus the required ones. */
    private Set<String> expectedCoins(LocalDate day) {
        Set<String> expected = new TreeSet<>(repository.coinsOf(day.minusDays(1)));
        expected.addAll(config.quality().requiredCoins().orElse(List.of()));
        return expected;
    }

    private int emit(LocalDate day, DailyEvents events) {
        // Consumers dedupe on (coin_id, date): a re-run of the day, or a retry after a failed run, sends the same
        // events again, and Kafka's idempotence only covers retries within one producer session.
        repository.forEachDailyDocument(day,
                document -> events.send(document.getString(COIN_ID), day, DailyEventJson.of(document)));
        return events.awaitDelivery(day);
    }
}
