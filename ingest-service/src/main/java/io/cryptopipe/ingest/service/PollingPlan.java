package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.client.PlanLimits;
import io.cryptopipe.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The poll interval actually used: the configured one, stretched by {@link PollingPace} when it would not fit the
 * limits in force ({@link PlanLimits}: the configuration's, or a paid plan's from CoinGecko's {@code /key}). Worked out
 * again whenever those limits change, and said in one line when the interval changes. Everything paced by it (the
 * schedule, the lease, hole detection, repair's reserve) asks {@link #interval()} when it needs it, never keeps it.
 * <p>
 * The configured limits must allow a poll, or start-up fails with the setting to change. Limits from {@code /key} that
 * do not (a plan smaller than one poll) keep the interval in use, with one warning: the service keeps running, and the
 * budget, which enforces the plan's limits whatever the pace, defers the calls it cannot afford. The configured pace
 * is not taken instead: it was worked out for limits CoinGecko says the key does not have.
 */
@Singleton
public class PollingPlan {

    private static final Logger LOG = Logger.getLogger(PollingPlan.class);

    private final PlanLimits limits;
    private final Duration configured;
    private final int callsPerPoll;
    private final double pollShare;
    private volatile Paced paced;

    @Inject
    PollingPlan(IngestConfig config, PlanLimits limits) {
        this(config.poll().interval(), MarketsPage.covering(config.poll().topN()).size(), config.budget().pollShare(),
                limits);
    }

    public PollingPlan(Duration configured, int callsPerPoll, double pollShare, PlanLimits limits) {
        this.limits = limits;
        this.configured = configured;
        this.callsPerPoll = callsPerPoll;
        this.pollShare = pollShare;
        PlanLimits.Limits fromConfiguration = limits.configured();
        PollingPace pace = PollingPace.plan(configured, callsPerPoll, fromConfiguration.perMinute(),
                fromConfiguration.perMonth(), pollShare);
        if (pace.stretched()) {
            LOG.warnf("Polling every %s needs up to %d CoinGecko calls a month, more than the %d of the monthly"
                    + " budget of %d given to polls (ingest.budget.*): polling every %s instead",
                    pace.configured(), pace.callsPerMonth(), pace.pollBudget(), fromConfiguration.perMonth(),
                    pace.effective());
        }
        this.paced = new Paced(fromConfiguration.perMinute(), fromConfiguration.perMonth(), pace);
        interval();
    }

    /** The interval for the limits in force now. */
    public Duration interval() {
        PlanLimits.Limits now = limits.current();
        Paced last = paced;
        return (last.isFor(now) ? last : follow(now)).pace().effective();
    }

    private synchronized Paced follow(PlanLimits.Limits now) {
        Paced before = paced;
        if (before.isFor(now)) {
            return before;
        }
        Duration was = before.pace().effective();
        PollingPace pace;
        try {
            pace = PollingPace.plan(configured, callsPerPoll, now.perMinute(), now.perMonth(), pollShare);
        } catch (IllegalStateException e) {
            LOG.warnf("The limits from %s, %d calls per minute and %d per month (%s of them for polls), do not allow"
                    + " one poll of %d calls (lower ingest.poll.top-n): polling every %s as before, and the budget"
                    + " defers the calls it refuses", source(now), now.perMinute(), now.perMonth(), pollShare,
                    callsPerPoll, was);
            paced = new Paced(now.perMinute(), now.perMonth(), before.pace());
            return paced;
        }
        paced = new Paced(now.perMinute(), now.perMonth(), pace);
        if (!pace.effective().equals(was)) {
            LOG.infof("Poll interval now %s (was %s): %s", pace.effective(), was, pace.stretched()
                    ? String.format("polls of %d calls every %s (up to %d calls a month) do not fit the limits from"
                            + " %s, %d calls per minute and %d of the %d a month for polls", callsPerPoll, configured,
                            pace.callsPerMonth(), source(now), now.perMinute(), pace.pollBudget(), now.perMonth())
                    : String.format("the limits from %s (%d calls per minute, %d a month) allow the configured %s",
                            source(now), now.perMinute(), now.perMonth(), configured));
        }
        return paced;
    }

    private static String source(PlanLimits.Limits limits) {
        return PlanLimits.SOURCE_KEY.equals(limits.source()) ? "CoinGecko's /key"
                : "the configuration (ingest.budget.*)";
    }

    /** The pace worked out for a plan: only its two limits matter, not the usage a report came with. */
    private record Paced(int perMinute, int perMonth, PollingPace pace) {

        boolean isFor(PlanLimits.Limits limits) {
            return limits.perMinute() == perMinute && limits.perMonth() == perMonth;
        }
    }
}
