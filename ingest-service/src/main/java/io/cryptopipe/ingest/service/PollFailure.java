package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.messaging.BrokerUnavailableException;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a poll attempt failed, by the type of its failure: what the readiness check and the log say ({@code reason}),
 * the metric's bounded tag ({@code kind}: CoinGecko's kinds, {@code broker}, {@code other}), and how long CoinGecko
 * asked to wait, when it did.
 */
record PollFailure(String reason, String kind, Optional<Duration> retryAfter) {

    static final String BROKER = "broker";
    static final String OTHER = "other";

    static PollFailure of(RuntimeException failure) {
        if (failure instanceof CoinGeckoException coinGecko) {
            return new PollFailure(failure.getMessage(), coinGecko.kind().tag(), coinGecko.retryAfter());
        }
        if (failure instanceof BrokerUnavailableException) {
            return new PollFailure(failure.getMessage(), BROKER, Optional.empty());
        }
        // Unforeseen: its type says more than its message alone.
        return new PollFailure(failure.getClass().getSimpleName() + ": " + failure.getMessage(), OTHER,
                Optional.empty());
    }
}
