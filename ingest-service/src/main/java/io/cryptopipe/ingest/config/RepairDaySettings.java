package io.cryptopipe.ingest.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The {@code repair-day} command's wait for the store ({@code ingest.repair-day.*}). */
public interface RepairDaySettings {

    /**
     * How long {@code repair-day} waits, after publishing, for the store's consumer group to commit past what it
     * published (so the aggregation that follows sees the repaired points) before it gives up with exit code 1.
     * The store drains a day's repair in seconds when it runs; the margin covers a store pod being restarted.
     */
    @WithDefault("10m")
    Duration storeDeadline();

    /** How often the store's committed offsets are read while waiting. */
    @WithDefault("2s")
    Duration storeCheck();
}
