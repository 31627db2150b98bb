package io.cryptopipe.aggregate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the daily aggregation job. How long the job waits for an unreachable database is the MongoDB
 * client's own {@code quarkus.mongodb.server-selection-timeout}; where Kafka is, {@code kafka.bootstrap.servers}.
 */
@ConfigMapping(prefix = "aggregate")
public interface AggregateConfig {

    /**
     * Longest the database may work on one day's pipelines (all its coin ranges together) before they are aborted
     * and the job fails, so that a stuck run never blocks the next scheduled one. Each range's pipeline gets what is
     * left as the driver's operation timeout, which the driver also sends as {@code maxTimeMS}; it replaces, for those
     * calls, the read timeout that bounds the job's other calls ({@code quarkus.mongodb.read-timeout}, 30 s): a
     * pipeline's {@code $merge} answers only when its coins are written.
     */
    @WithDefault("10m")
    Duration dayTimeout();

    /**
     * How many coins one run of the daily pipeline covers; a day runs one pipeline per range of this many coins.
     * It bounds the database's memory: the pipeline's largest stages hold one document per (coin of the range, slot
     * of the expected interval), 20 × 2,880 at the defaults, whatever the number of observations, which keeps them
     * under MongoDB's 100 MB per stage where spilling to disk is not allowed (Atlas Free and Flex). Larger ranges
     * mean fewer round trips; lower it when the expected interval is shorter.
     */
    @WithDefault("20")
    int coinsPerPipeline();

    /** The data-quality report of each day and the gate {@code check} applies to it. */
    Quality quality();

    /** The {@code market.daily} events emitted after each day is written. */
    Events events();

    /** The time-weighted average price of each daily document ({@code twap}). */
    Twap twap();

    /** The gate's rules about repaired data and about which holes a repair can still fill. */
    Gate gate();

    interface Twap {

        /**
         * Longest a point's price stands for the time after it, in {@code twap} and in the repaired coverage: 5
         * minutes, the resolution of the repairs (CoinGecko's history of the last day), so that a repaired stretch
         * counts in full while a price never stands in for hours it was not seen.
         */
        @WithDefault("5m")
        Duration maxHold();
    }

    interface Gate {

        /**
         * Lowest observed coverage (0 to 1) a top-N coin may have, whatever was repaired: a day mostly rebuilt from
         * CoinGecko's 5-minute history is no longer a day of this pipeline's observations.
         */
        @WithDefault("0.5")
        double minObservedCoverage();

        /**
         * A stretch without any point longer than this is a hole that a repair can fill: longer than the repair's own
         * 5-minute steps with room for the history's jitter, so that a repaired stretch is not a hole again.
         */
        @WithDefault("10m")
        Duration holeMinGap();

        /** How far back CoinGecko serves 5-minute history: {@code /market_chart?days=1} gives the last 24 hours. */
        @WithDefault("24h")
        Duration repairWindow();

        /**
         * Taken off {@link #repairWindow()}: a hole must end at least this much after the window's start when the
         * job decides, so that it is still in the window when the repair (the DAG's next tasks) fetches it.
         */
        @WithDefault("1h")
        Duration repairMargin();
    }

    interface Quality {

        /**
         * How often each coin is expected to be observed. A day has {@code 24 h / expected-interval} slots (2,880
         * at 30 s); a coin's coverage is the share of slots that hold at least one of its observations.
         */
        @WithDefault("30s")
        Duration expectedInterval();

        /**
         * Coins expected every day even when they had no daily document the day before (for instance right after
         * the first deployment), e.g. {@code bitcoin,ethereum}. A missing expected coin fails the gate.
         */
        Optional<List<String>> requiredCoins();

        /**
         * How many of the day's coins, best {@code market_cap_rank} first (the rank of each coin's last
         * observation), must reach {@link #minCoverage()}. Other coins are reported but never fail on coverage.
         */
        @WithDefault("10")
        int topN();

        /** Lowest coverage (0 to 1) a top-N coin may have before the gate fails. */
        @WithDefault("0.9")
        double minCoverage();
    }

    interface Events {

        /** Partitions of the topic when this job creates it; an existing topic is left as it is. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of the topic when this job creates it; the broker's default when unset. */
        Optional<Short> replicationFactor();

        /**
         * Longest the job waits for the broker to create the topic or to acknowledge the day's events before it
         * fails with exit code 1.
         */
        @WithDefault("30s")
        Duration deliveryTimeout();
    }
}
