package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.KeyUsage;
import io.cryptopipe.ingest.client.PlanLimits;
import io.cryptopipe.ingest.config.Plan;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * With a paid (pro) key, the budget's limits come from CoinGecko's {@code /key}, read at start-up and every
 * {@code ingest.coingecko.key-refresh}: the plan may change, and CoinGecko counts calls made with the key elsewhere.
 * Demo and keyless plans have no {@code /key}: their budget stays the configured one. A failed read falls back to
 * the configuration with one warning, not one per read, until a read succeeds again.
 */
@ApplicationScoped
public class PlanFromKey {

    private static final Logger LOG = Logger.getLogger(PlanFromKey.class);

    private final CoinGeckoClient coinGecko;
    private final PlanLimits limits;
    private final CallBudget budget;
    private final Clock clock;
    private boolean fallenBack;

    PlanFromKey(CoinGeckoClient coinGecko, PlanLimits limits, CallBudget budget, Clock clock) {
        this.coinGecko = coinGecko;
        this.limits = limits;
        this.budget = budget;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (coinGecko.plan() != Plan.PRO) {
            LOG.infof("Call budget from configuration: %d calls per minute, %d per month", limits.perMinute(),
                    limits.current().perMonth());
        }
        refresh();
    }

    /** Reads {@code /key} once and budgets with what it says, or with the configuration if it fails. */
    @Scheduled(every = "${ingest.coingecko.key-refresh}", delayed = "${ingest.coingecko.key-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        if (coinGecko.plan() != Plan.PRO) {
            return;
        }
        try {
            KeyUsage usage = coinGecko.keyUsage();
            limits.fromKey(usage, YearMonth.now(clock.withZone(ZoneOffset.UTC)), budget.usedThisMonth());
            fallenBack = false;
            LOG.infof("Call budget from CoinGecko's /key: plan %s, %d calls per minute, %d monthly credits,"
                    + " %d used and %d remaining this month", usage.plan(), usage.perMinute(),
                    usage.monthlyCredits(), usage.totalMonthlyCalls(), usage.remainingMonthlyCalls());
        } catch (CoinGeckoException | CallRefusedException e) {
            limits.fromConfiguration();
            if (!fallenBack) {
                LOG.warnf("Cannot read the plan from CoinGecko's /key (%s): budgeting with the configured %d calls"
                        + " per minute and %d per month until it answers", e.getMessage(), limits.perMinute(),
                        limits.current().perMonth());
                fallenBack = true;
            }
        }
    }
}
