package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.config.IngestConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The poll interval actually used: the configured one, stretched when it would not fit the call budget. Said once
 * at start-up, in one line, when it is stretched.
 */
@Singleton
public class PollingPlan {

    private static final Logger LOG = Logger.getLogger(PollingPlan.class);

    private final PollingPace pace;

    PollingPlan(IngestConfig config) {
        this.pace = PollingPace.plan(config.poll().interval(), MarketsPage.covering(config.poll().topN()).size(),
                config.budget().perMinute(), config.budget().perMonth(), config.budget().pollShare());
        if (pace.stretched()) {
            LOG.warnf("Polling every %s needs up to %d CoinGecko calls a month, more than the %d of the monthly"
                    + " budget of %d given to polls (ingest.budget.*): polling every %s instead",
                    pace.configured(), pace.callsPerMonth(), pace.pollBudget(), config.budget().perMonth(),
                    pace.effective());
        }
    }

    public Duration interval() {
        return pace.effective();
    }
}
