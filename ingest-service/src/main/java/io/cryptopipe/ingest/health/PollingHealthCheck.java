package io.cryptopipe.ingest.health;

import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.service.PollStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready after several failed polls in a row: the service is up but its data is going stale. Readiness, not
 * liveness, because restarting the service does not fix CoinGecko or the broker.
 */
@Readiness
@ApplicationScoped
public class PollingHealthCheck implements HealthCheck {

    static final String NAME = "coingecko-polling";

    private final PollStatus status;
    private final int failedPollsBeforeNotReady;

    PollingHealthCheck(PollStatus status, IngestConfig config) {
        this.status = status;
        this.failedPollsBeforeNotReady = config.readiness().failedPolls();
    }

    @Override
    public HealthCheckResponse call() {
        int failures = status.consecutiveFailures();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(failures < failedPollsBeforeNotReady)
                .withData("consecutive_failed_polls", failures)
                .withData("last_successful_poll", status.lastSuccess().map(Object::toString).orElse("none yet"));
        status.lastFailure().ifPresent(reason -> response.withData("last_failure", reason));
        return response.build();
    }
}
