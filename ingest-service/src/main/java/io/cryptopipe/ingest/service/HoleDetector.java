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
import java.util.Set;

/**
 * Notices holes: each successful poll is recorded as the last one (with the coins a repair would fetch), and when
 * the poll it follows is older than {@code ingest.repair.min-gap} the stretch between them becomes a repair job.
 * Only successes count, so every cause of a hole looks the same here: CoinGecko down, the broker down, no replica
 * running, a takeover. The last poll is persisted with the jobs, so a restarted or another replica sees it.
 */
@Singleton
public class HoleDetector implements PollHistory {

    private static final Logger LOG = Logger.getLogger(HoleDetector.class);

    private final RepairJobs jobs;
    private final RepairMetrics metrics;
    private final Duration minGap;
    private final int topN;
    private final Set<String> required;
    private final Clock clock;

    @Inject
    HoleDetector(RepairJobs jobs, RepairMetrics metrics, IngestConfig config, PollingPlan plan, Clock clock) {
        this(jobs, metrics, config.repair().minGap().orElse(plan.interval().multipliedBy(3)), config.repair().topN(),
                Set.copyOf(config.repair().requiredCoins().orElse(List.of())), clock);
    }

    public HoleDetector(RepairJobs jobs, RepairMetrics metrics, Duration minGap, int topN, Set<String> required,
            Clock clock) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.minGap = minGap;
        this.topN = topN;
        this.required = required;
        this.clock = clock;
    }

    @Override
    public void succeeded(Instant polledAt, List<RawRecord> ranked) {
        try {
            jobs.polled(new RepairJobs.LastPoll(polledAt, coins(ranked)))
                    .filter(last -> Duration.between(last.at(), polledAt).compareTo(minGap) > 0)
                    .ifPresent(last -> open(last, polledAt));
        } catch (RuntimeException e) {
            // The poll itself succeeded; only the note of it is lost, and with it a hole this poll may have ended.
            LOG.warnf("Could not record the poll at %s for hole detection: %s", polledAt, e.getMessage());
        }
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
