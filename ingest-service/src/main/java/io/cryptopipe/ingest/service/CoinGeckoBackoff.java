package io.cryptopipe.ingest.service;

import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.config.IngestConfig;
import io.quarkus.arc.Arc;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The wait before fault tolerance retries a backfill call (see {@link BackfillCalls}): until the call budget allows
 * the next call when the budget refused it; CoinGecko's {@code Retry-After} when it sent one; otherwise the
 * service's exponential backoff ({@code ingest.retry.*}), the same one the poller schedules its retries with.
 * <p>
 * Fault tolerance makes a new instance through the public no-argument constructor for every guarded call, so the
 * count of failures starts at zero for each call; that constructor reads the typed configuration and looks up the
 * service's clock itself, since it is not a CDI bean.
 */
public class CoinGeckoBackoff implements CustomBackoffStrategy {

    private static final Logger LOG = Logger.getLogger(CoinGeckoBackoff.class);

    private final Backoff backoff;
    private final Clock clock;
    private int failures;

    public CoinGeckoBackoff() {
        this(backoff(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(IngestConfig.class).retry()), Arc.container().instance(Clock.class).get());
    }

    CoinGeckoBackoff(Backoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    /** The service's backoff from its settings, with jitter from a strong random source. */
    public static Backoff backoff(IngestConfig.Retry settings) {
        return new Backoff(settings.initialDelay(), settings.maxDelay(), settings.maxRetryAfter(), new SecureRandom());
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        failures++;
        Duration wait = delay(failure);
        if (failure instanceof CallRefusedException) {
            LOG.infof("Backfill waits %s for the call budget", wait);
        } else {
            LOG.warnf("Backfill call failed (failure %d), retrying in %s: %s", failures, wait,
                    failure == null ? "no exception" : failure.getMessage());
        }
        return wait.toMillis();
    }

    private Duration delay(Throwable failure) {
        if (failure instanceof CallRefusedException refused) {
            Duration wait = Duration.between(clock.instant(), refused.until());
            return wait.isNegative() ? Duration.ZERO : wait;
        }
        if (failure instanceof CoinGeckoException coinGecko) {
            return backoff.delay(failures, coinGecko.retryAfter());
        }
        return backoff.delay(failures);
    }
}
