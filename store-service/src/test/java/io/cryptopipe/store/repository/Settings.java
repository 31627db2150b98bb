package io.cryptopipe.store.repository;

import io.cryptopipe.store.config.StoreConfig;

import java.time.Duration;
import java.util.Optional;

/** The store settings {@link RawIndexes} reads, as a test gives them. */
record Settings(Duration retention, Optional<Duration> retentionChangeFrom) implements StoreConfig {

    static Settings retention(Duration retention) {
        return new Settings(retention, Optional.empty());
    }

    Settings changingFrom(Duration current) {
        return new Settings(retention, Optional.of(current));
    }

    @Override
    public Retry retry() {
        return new Retry() {
            @Override
            public Duration initialDelay() {
                return Duration.ofMillis(50);
            }

            @Override
            public Duration maxDelay() {
                return Duration.ofMillis(200);
            }
        };
    }

    @Override
    public Duration adminTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration lagInterval() {
        throw new UnsupportedOperationException("not read by the indexes");
    }

    @Override
    public DeadLetters deadLetters() {
        throw new UnsupportedOperationException("not read by the indexes");
    }
}
