package io.cryptopipe.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * What an operator tunes in ingest-service. Connection settings (Kafka, CoinGecko URL) live in the standard
 * Quarkus keys; these are the service's own.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    Poll poll();

    CoinGecko coingecko();

    Topics topics();

    Readiness readiness();

    interface Poll {

        /** Time between two polls of {@code /coins/markets}; a poll still running when the next is due is skipped. */
        @WithDefault("30s")
        Duration interval();

        /** How many coins, by market cap, each poll fetches. */
        @WithDefault("50")
        int topN();

        /** Quote currency of prices and volumes ({@code vs_currency}). */
        @WithDefault("usd")
        String vsCurrency();

        /** How long a poll waits for the broker to acknowledge its records before it counts as failed. */
        @WithDefault("30s")
        Duration publishTimeout();
    }

    interface CoinGecko {

        /** Demo API key sent as {@code x-cg-demo-api-key}; without one the public, keyless limits apply. */
        Optional<String> apiKey();
    }

    interface Topics {

        /** Partitions of {@code market.raw} when ingest-service creates it. */
        @WithDefault("3")
        int rawPartitions();

        /** Partitions of {@code market.raw.dlq} when ingest-service creates it. */
        @WithDefault("1")
        int deadLetterPartitions();

        /** Replication factor of the topics it creates; the broker's default when unset. */
        Optional<Short> replicationFactor();
    }

    interface Readiness {

        /** The service reports not-ready after this many polls in a row have failed. */
        @WithDefault("3")
        int failedPolls();
    }
}
