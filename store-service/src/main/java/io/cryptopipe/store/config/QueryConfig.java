package io.cryptopipe.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Limits of the read-only query API and the dashboard's refresh.
 */
@ConfigMapping(prefix = "store.query")
public interface QueryConfig {

    /**
     * Most buckets one price series may have. Without a {@code step} the API picks the finest step that stays
     * within it; an explicit step that would exceed it, or a range even hourly buckets cannot cover, is refused.
     */
    @WithDefault("1000")
    int maxPoints();

    /** Longest range of daily documents, in days, one request may ask for. */
    @WithDefault("366")
    int maxDays();

    /** How often the dashboard reloads its data: the poll interval of ingest-service, so every poll shows. */
    @WithDefault("30s")
    Duration dashboardRefresh();
}
