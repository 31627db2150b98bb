package io.cryptopipe.store;

import io.cryptopipe.store.config.QueryConfig;

import java.time.Duration;

/** The query settings a test gives: its own limits, the service's defaults for the rest. */
public record QueryLimits(int maxPoints, int maxDays, Duration maxTime) implements QueryConfig {

    @Override
    public Duration dashboardRefresh() {
        return Duration.ofSeconds(30);
    }

    @Override
    public int coinsPageSize() {
        return 100;
    }

    @Override
    public int maxCoinsPageSize() {
        return 500;
    }
}
