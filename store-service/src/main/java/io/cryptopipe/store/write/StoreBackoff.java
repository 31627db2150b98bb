package io.cryptopipe.store.write;

import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.store.config.StoreConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.security.SecureRandom;

/**
 * The store's backoff ({@code store.retry.*}) as the wait of a fault-tolerance retry, so that a dead-letter send and
 * a MongoDB write back off alike. Fault tolerance makes a new instance through the public no-argument constructor
 * for every guarded call, so each call's failures count from one; that constructor reads the typed configuration
 * itself, since it is not a CDI bean.
 */
public class StoreBackoff implements CustomBackoffStrategy {

    private static final Logger LOG = Logger.getLogger(StoreBackoff.class);

    private final Backoff backoff;
    private int failures;

    public StoreBackoff() {
        this(backoff(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(StoreConfig.class).retry()));
    }

    StoreBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    /** The store's backoff from its settings, with jitter from a strong random source. */
    public static Backoff backoff(StoreConfig.Retry settings) {
        return new Backoff(settings.initialDelay(), settings.maxDelay(), new SecureRandom());
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        failures++;
        long delay = backoff.delay(failures).toMillis();
        LOG.warnf("Dead letter not acknowledged by Kafka (failure %d in a row, next attempt in %d ms): %s", failures,
                delay, failure == null ? "no exception" : failure.getMessage());
        return delay;
    }
}
