package io.cryptopipe.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of store-service that operators tune.
 */
@ConfigMapping(prefix = "store")
public interface StoreConfig {

    /**
     * How long an observation stays in {@code market_data_raw}: MongoDB's TTL monitor deletes older ones (by
     * {@code timestamp}) about once a minute. {@code 0} keeps them forever. The daily collection is never expired.
     * It is the TTL the store gives the index it builds; an existing index with another TTL is changed only as
     * {@link #retentionChangeFrom()} says. At most 2147483647 s (about 68 years), MongoDB's limit. Default in
     * service-runtime's shared properties ({@code STORE_RETENTION}), which ingest-service's backfill reads too.
     */
    Duration retention();

    /**
     * The retention the TTL index carries now and that {@link #retention()} is to replace, set for the deploy that
     * changes it ({@code 0}: the index has no TTL yet). Only when the index carries exactly this TTL does the store
     * change it in place ({@code collMod}) at start-up; a pod of another version, without this setting, then refuses
     * to start instead of changing it back, so a rolling deploy cannot flip the TTL back and forth. Unset (the
     * default), the store never changes an existing TTL and refuses to start when it differs from the retention.
     */
    Optional<Duration> retentionChangeFrom();

    /**
     * Longest an administrative call may take: the index builds at start-up, which on a large collection (and, on a
     * replica set, until a quorum of members has built the index) run far longer than the read timeout that bounds
     * every other operation ({@code quarkus.mongodb.read-timeout}). Applied per call as the driver's client-side
     * operation timeout, which replaces the read timeout for that call and is also sent to the server
     * ({@code maxTimeMS}).
     */
    @WithDefault("10m")
    Duration adminTimeout();

    /** How often the consumer group's lag per partition is read from the broker for the metrics. */
    @WithDefault("15s")
    Duration lagInterval();

    /** How the service waits for MongoDB (or Kafka, for dead letters) to come back after a failed write. */
    Retry retry();

    /** Where refused records go. */
    DeadLetters deadLetters();

    interface Retry {

        /**
         * Ceiling of the pause after the first failed attempt; it doubles after each further failure, each pause
         * drawn from [d/2, d] so that replicas do not retry in step.
         */
        @WithDefault("500ms")
        Duration initialDelay();

        /** Longest pause between two attempts, however long the outage lasts. */
        @WithDefault("30s")
        Duration maxDelay();
    }

    interface DeadLetters {

        /** How long creating the dead-letter topic may take before the service gives up and tries again later. */
        @WithDefault("10s")
        Duration topicCreationTimeout();
    }
}
