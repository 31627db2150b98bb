package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.messaging.DailyEventPublisher;
import io.cryptopipe.aggregate.messaging.DailyEvents;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.DayQualityReport;
import io.cryptopipe.aggregate.model.DayRepairs;
import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.repository.DailyStatisticsRepository;
import io.cryptopipe.aggregate.repository.QualityReportRepository;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Computes and stores the daily statistics of one UTC day with their data-quality report, then emits one
 * {@code market.daily} event per coin. Running a day again replaces its documents and its report with the same
 * values (same {@code _id} too), so a failed or repeated run is fixed by running it again.
 * <p>
 * The database computes and writes each coin's daily document once, its quality report included; the job then reads
 * the day's documents once, for the gate and the events. It holds a few figures per coin, never the observations.
 */
@ApplicationScoped
public class DailyAggregation {

    private static final Logger LOG = Logger.getLogger(DailyAggregation.class);

    private final DailyStatisticsRepository repository;
    private final QualityReportRepository reports;
    private final DailyEventPublisher publisher;
    private final AggregateConfig config;
    private final SharedNames names;
    private final QualityGate gate;
    private final RepairableHoles repairs;

    public DailyAggregation(DailyStatisticsRepository repository, QualityReportRepository reports,
            DailyEventPublisher publisher, AggregateConfig config, SharedNames names, RepairableHoles repairs) {
        this.repairs = repairs;
        this.repository = repository;
        this.reports = reports;
        this.publisher = publisher;
        this.config = config;
        this.names = names;
        this.gate = QualityGate.of(config);
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
        repository.computeDay(day);
        long computed = System.nanoTime();
        List<CoinDay> coins = new ArrayList<>();
        LongAdder dataPoints = new LongAdder();
        // Consumers dedupe on (coin_id, date): a re-run of the day, or a retry after a failed run, sends the same
        // events again, and Kafka's idempotence only covers retries within one producer session.
        repository.forEachDailyDocument(day, document -> {
            coins.add(document.coin());
            dataPoints.add(document.dataPoints());
            events.send(document, day);
        });
        Set<String> expected = expectedCoins(day);
        Set<String> missing = new TreeSet<>(expected);
        coins.forEach(coin -> missing.remove(coin.coinId()));
        GateVerdict verdict = gate.evaluate(day, coins, missing);
        DayRepairs repaired = repairs.of(day, coins, missing, verdict);
        reports.save(new DayQualityReport(day, expected.size(), coins.size(), List.copyOf(missing), verdict,
                repaired));
        if (!verdict.passed() && !repaired.repairable() && repaired.holesCount() > 0) {
            LOG.warnf("%s: quality gate failed; a repair cannot fill its %s", day, repaired.describeHoles());
        }
        long reported = System.nanoTime();
        int emitted = events.awaitDelivery(day);
        LOG.debugf("%s took %d ms: statistics and coverage %d, quality report %d, events %d", day,
                millisSince(started), millis(computed - started), millis(reported - computed), millisSince(reported));
        return new DaySummary(day, coins.size(), dataPoints.sum(), verdict, repaired, emitted);
    }

    private static long millisSince(long nanos) {
        return millis(System.nanoTime() - nanos);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The coins of the day before, plus the required ones. */
    private Set<String> expectedCoins(LocalDate day) {
        Set<String> expected = new TreeSet<>(repository.coinsOf(day.minusDays(1)));
        expected.addAll(config.quality().requiredCoins().orElse(List.of()));
        return expected;
    }
}
