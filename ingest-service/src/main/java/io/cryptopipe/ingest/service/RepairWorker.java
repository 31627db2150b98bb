package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.client.CoinGeckoJsonReader;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.RecordSink;
import io.cryptopipe.ingest.model.Verdict;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Repairs the open jobs, on the lease holder only (so exactly one replica works on them): per coin one call for its
 * history, charged first to what the polls leave of the budget ({@link RepairBudget}), and the points strictly inside
 * the hole published with source {@code repair} through the {@link RecordSink} like any poll. A coin is marked done
 * only once the broker acknowledged all its points, so a restart resumes with the coins left. When the budget is
 * short the repair pauses until it is not; a failed call or send is tried again at a later tick.
 */
@ApplicationScoped
public class RepairWorker {

    private static final Logger LOG = Logger.getLogger(RepairWorker.class);

    /** Where a coin's history comes from: the last day at 5-minute resolution, or a range (hourly). */
    public interface Charts {
        JsonNode lastDay(String coinId);

        JsonNode range(String coinId, Instant from, Instant until);
    }

    private final RepairJobs jobs;
    private final Charts charts;
    private final RepairBudget budget;
    private final CoinGeckoJsonReader reader;
    private final RecordSink sink;
    private final PollerLease lease;
    private final RepairMetrics metrics;
    private final boolean enabled;
    private final Duration fiveMinuteMargin;
    private final Clock clock;
    private volatile Instant pausedUntil;
    private volatile boolean stopping;

    @Inject
    RepairWorker(RepairJobs jobs, CoinGeckoClient client, RepairBudget budget, CoinGeckoJsonReader reader,
            RecordSink sink, PollerLease lease, RepairMetrics metrics, IngestConfig config, Clock clock) {
        this(jobs, new Charts() {
            @Override
            public JsonNode lastDay(String coinId) {
                return client.lastDayPrecharged(coinId);
            }

            @Override
            public JsonNode range(String coinId, Instant from, Instant until) {
                return client.marketChartRangePrecharged(coinId, from, until);
            }
        }, budget, reader, sink, lease, metrics, config.poll().enabled() && config.repair().enabled(),
                config.repair().fiveMinuteMargin(), clock);
    }

    public RepairWorker(RepairJobs jobs, Charts charts, RepairBudget budget, CoinGeckoJsonReader reader,
            RecordSink sink, PollerLease lease, RepairMetrics metrics, boolean enabled, Duration fiveMinuteMargin,
            Clock clock) {
        this.jobs = jobs;
        this.charts = charts;
        this.budget = budget;
        this.reader = reader;
        this.sink = sink;
        this.lease = lease;
        this.metrics = metrics;
        this.enabled = enabled;
        this.fiveMinuteMargin = fiveMinuteMargin;
        this.clock = clock;
    }

    /** Blocks on CoinGecko and on broker acks, so it runs on a worker thread; a tick still running skips the next. */
    @Scheduled(identity = "market-repair", every = "{ingest.repair.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void tick() {
        Instant now = clock.instant();
        if (!enabled || stopping) {
            return;
        }
        if (!lease.holds(now)) {
            metrics.open(List.of(), now);
            return;
        }
        if (pausedUntil != null) {
            if (now.isBefore(pausedUntil)) {
                return;
            }
            pausedUntil = null;
            LOG.infof("Repair resumes: the budget has calls to spare again");
        }
        try {
            List<RepairJob> open = jobs.unfinished();
            metrics.open(open, now);
            for (RepairJob job : open) {
                if (stopping || !repair(job)) {
                    break;
                }
            }
            metrics.open(jobs.unfinished(), clock.instant());
        } catch (RuntimeException e) {
            metrics.failed();
            LOG.warnf("Repair interrupted, tried again at a later tick: %s", e.getMessage());
        }
    }

    /** @return whether the job is finished; false when the budget paused it */
    private boolean repair(RepairJob job) {
        boolean hourly = !FiveMinuteHistory.reaches(job.from(), clock.instant(), fiveMinuteMargin);
        int published = 0;
        int left = job.remaining().size();
        for (RepairCoin coin : job.remaining()) {
            Optional<CallBudget.Refusal> refusal = budget.tryCharge();
            if (refusal.isPresent()) {
                pausedUntil = refusal.get().until();
                metrics.paused();
                LOG.infof("Repair of the %s paused until %s with %d coins left: %s", job, pausedUntil, left,
                        refusal.get().reason());
                return false;
            }
            if (stopping) {
                return false;
            }
            metrics.called();
            JsonNode chart = hourly ? charts.range(coin.id(), job.from(), job.until()) : charts.lastDay(coin.id());
            List<Verdict> verdicts = reader.readChart(coin.asMarketsRecord(), chart, job.from().plusMillis(1),
                    job.until(), MarketRecord.SOURCE_REPAIR, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            sink.send(sink.deliver("the repair of " + coin.id() + " over the " + job, verdicts)).throwIfIncomplete();
            int accepted = (int) verdicts.stream().filter(Verdict.Accepted.class::isInstance).count();
            metrics.repaired(accepted);
            published += accepted;
            jobs.coinDone(job, coin.id());
            left--;
        }
        String outcome = hourly ? "repaired_hourly" : "repaired";
        jobs.finish(job, outcome, clock.instant());
        metrics.finished(outcome);
        LOG.infof("Repaired the %s at %s resolution: %d coins, %d points published in this pass", job,
                hourly ? "hourly" : "5-minute", job.coins().size(), published);
        return true;
    }

    /** No repair call starts once shutdown began; one in flight ends within its request and publish deadlines. */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        stopping = true;
    }
}
