package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.model.RawRecord;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Notices holes: each successful poll is recorded as the last one (with the coins a repair would fetch), and when
 * the poll it follows is older than {@code ingest.repair.min-gap} (unset: three intervals of the {@link PollingPlan}
 * as it is at that poll) the stretch between them becomes a repair job.
 * Only successes count, so every cause of a hole looks the same here: CoinGecko down, the broker down, no replica
 * running, a takeover. The last poll is persisted with the jobs, so a restarted or another replica sees it.
 */
@Singleton
public class HoleDetector implements PollHistory {

    private static final Logger LOG = Logger.getLogger(HoleDetector.class);

    private final RepairJobs jobs;
    private final RepairMetrics metrics;
    private final Optional<Duration> minGap;
    private final Supplier<Duration> interval;
    private Duration intervalBefore = Duration.ZERO;
    private final int topN;
    private final Set<String> required;
    private final Clock clock;

    @Inject
    HoleDetector(RepairJobs jobs, RepairMetrics metrics, IngestConfig config, PollingPlan plan, Clock clock) {
        this(jobs, metrics, config.repair().minGap(), plan::interval, config.repair().topN(),
                Set.copyOf(config.repair().requiredCoins().orElse(List.of())), clock);
    }

    public HoleDetector(RepairJobs jobs, RepairMetrics metrics, Duration minGap, int topN, Set<String> required,
            Clock clock) {
        this(jobs, metrics, Optional.of(minGap), () -> minGap, topN, required, clock);
    }

    /**
     * @param minGap   the configured gap; empty: three poll intervals
     * @param interval the polls' interval, asked for at each poll: the plan's limits may have changed it
     */
    public HoleDetector(RepairJobs jobs, RepairMetrics metrics, Optional<Duration> minGap,
            Supplier<Duration> interval, int topN, Set<String> required, Clock clock) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.minGap = minGap;
        this.interval = interval;
        this.topN = topN;
        this.required = required;
        this.clock = clock;
    }

    @Override
    public void succeeded(Instant polledAt, List<RawRecord> ranked) {
        Duration minGap = minGap();
        try {
            jobs.polled(new RepairJobs.LastPoll(polledAt, coins(ranked)))
                    .filter(last -> Duration.between(last.at(), polledAt).compareTo(minGap) > 0)
                    .ifPresent(last -> open(last, polledAt));
        } catch (RuntimeException e) {
            // The poll itself succeeded; only the note of it is lost, and with it a hole this poll may have ended.
            LOG.warnf("Could not record the poll at %s for hole detection: %s", polledAt, e.getMessage());
        }
    }

    /**
     * Three intervals, of the longer of the pace now and the pace this process polled at last time: right after the
     * interval shrinks, the poll before came one old interval ago, which is no hole. Called once per poll, which the
     * poller runs one at a time.
     */
    private Duration minGap() {
        Duration now = interval.get();
        Duration paced = now.compareTo(intervalBefore) >= 0 ? now : intervalBefore;
        intervalBefore = now;
        return minGap.orElse(paced.multipliedBy(3));
    }

    private void open(RepairJobs.LastPoll last, Instant polledAt) {
        RepairJob job = RepairJob.open(last.at(), polledAt, clock.instant(), last.coins());
        jobs.open(job);
        metrics.opened();
        LOG.infof("Hole in the polls from %s to %s (%s without a successful poll): repair job opened for %d coins",
                last.at(), polledAt, Duration.between(last.at(), polledAt), last.coins().size());
    }

    /** The top N coins of the poll by rank, then the required coins it saw further down. */
    private List<RepairCoin> coins(List<RawRecord> ranked) {
        Map<String, RepairCoin> chosen = new LinkedHashMap<>();
        for (RawRecord record : ranked) {
            RepairCoin coin = RepairCoin.of(record);
            if (coin != null && (chosen.size() < topN || required.contains(coin.id()))) {
                chosen.putIfAbsent(coin.id(), coin);
            }
        }
        return List.copyOf(chosen.values());
    }
}
