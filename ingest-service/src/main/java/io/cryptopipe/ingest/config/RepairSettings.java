package io.cryptopipe.ingest.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Holes in the polls repaired from CoinGecko's history (see docs/repair.md). */
public interface RepairSettings {

    /** Whether holes are noticed and repaired; the backfill command turns it off with polling. */
    @WithDefault("true")
    boolean enabled();

    /**
     * A stretch without a successful poll longer than this is a hole ({@code INGEST_REPAIR_MIN_GAP}). Unset:
     * three poll intervals, so one or two failed polls (retried within the interval) are not holes.
     */
    Optional<Duration> minGap();

    /** How many coins of the last poll before a hole, by market cap, are repaired ({@code INGEST_REPAIR_TOP_N}). */
    @WithDefault("50")
    int topN();

    /** Coins repaired whatever their rank, when the poll before the hole saw them (the gate's required coins). */
    Optional<List<String>> requiredCoins();

    /** How often the lease holder looks for open jobs and spare budget. */
    @WithDefault("15s")
    Duration tick();

    /**
     * A hole that began longer ago than a day minus this is repaired with {@code market_chart/range}, at hourly
     * resolution: the 5-minute history of {@code market_chart?days=1} no longer reaches its start.
     */
    @WithDefault("1h")
    Duration fiveMinuteMargin();

    /**
     * How long a finished job stays in MongoDB: the TTL of the collection's index on {@code finished_at}, which the
     * lease holder makes sure of (see MongoRepairJobs). Open jobs have no {@code finished_at} and never expire.
     */
    @WithDefault("30d")
    Duration finishedRetention();

    /** Collection of the repair jobs, beside the lease and the monthly ledger. */
    @WithDefault("market_repair_jobs")
    String collection();
}
