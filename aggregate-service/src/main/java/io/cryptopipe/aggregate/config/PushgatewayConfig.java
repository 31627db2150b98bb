package io.cryptopipe.aggregate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the job pushes the metrics of each run (a Prometheus Pushgateway): a pod that lives for seconds is never
 * scraped, so the run's outcome reaches Prometheus through the gateway instead.
 */
@ConfigMapping(prefix = "aggregate.pushgateway")
public interface PushgatewayConfig {

    /**
     * The Pushgateway's base URL, e.g. {@code http://pushgateway.monitoring.svc:9091} (environment variable
     * {@code AGGREGATE_PUSHGATEWAY_URL}). Unset: nothing is pushed.
     */
    Optional<URI> url();

    /** The {@code job} label of the pushed group; the {@code command} label is the command that ran. */
    @WithDefault("aggregate-service")
    String job();

    /** Longest a push may take; a push that fails or times out is logged and never changes the exit code. */
    @WithDefault("10s")
    Duration timeout();
}
