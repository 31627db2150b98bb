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

    /** Coins per page of {@code GET /api/coins} when the request gives no {@code limit}. */
    @WithDefault("100")
    int coinsPageSize();

    /**
     * Most coins one page of {@code GET /api/coins} may hold, and most ids one {@code ids} filter may name: every
     * answer stays small (about 300 bytes per coin) however many coins are stored.
     */
    @WithDefault("500")
    int maxCoinsPageSize();

    /**
     * Server-side time limit of every query ({@code maxTimeMS}): MongoDB stops a query that runs longer and the API
     * answers 503 {@code query_timeout}, instead of holding a request thread and server resources for as long as a
     * slow plan takes. A page of coins or a series reads a bounded amount of data, so 5 s is far above their
     * normal time and below a browser's or a proxy's patience.
     */
    @WithDefault("5s")
    Duration maxTime();
}
