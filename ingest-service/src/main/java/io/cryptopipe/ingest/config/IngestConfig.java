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

    Budget budget();

    /**
     * How a failed CoinGecko call is tried again: the poller schedules its next attempt after this backoff, the
     * backfill retries the call itself (up to {@code ingest.retry.max-retries} times, see BackfillCalls).
     */
    Retry retry();

    Dedup dedup();

    Lease lease();

    Backfill backfill();

    RepairDaySettings repairDay();

    RepairSettings repair();

    interface Poll {

        /** Whether this process polls; off in the backfill command, which shares the service's code and budget. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Time between two polls of {@code /coins/markets}; a poll still running when the next is due is skipped.
         * Default in application.properties, with the other settings deployments override.
         */
        Duration interval();

        /** How many coins, by market cap, each poll fetches. Default in application.properties. */
        int topN();

        /** Quote currency of prices and volumes ({@code vs_currency}). */
        @WithDefault("usd")
        String vsCurrency();

        /**
         * How many page requests of one poll are in flight at once. One page is 250 coins: at 15,000 coins a poll
         * is 60 requests, which one after the other take longer than a 60 s interval on a remote API; the budget
         * still charges each before it is made.
         */
        @WithDefault("4")
        int pageConcurrency();

        /**
         * How many records of a poll (or of a backfill's chunk) wait for the broker's acknowledgement at once. Below
         * the Kafka connector's {@code max-inflight-messages} (1024), so the emitter always has downstream demand and
         * never refuses a record; the next is sent as soon as one is acknowledged.
         */
        @WithDefault("500")
        int publishWindow();

        /**
         * How long a poll (or a backfill's chunk) waits for the broker to acknowledge its records before it counts as
         * failed.
         */
        @WithDefault("30s")
        Duration publishTimeout();

        /**
         * How often the service checks whether a poll (or a retry) is due. Polls and retries are timed to this
         * granularity, so it stays well below the interval. The scheduler's own granularity is one second.
         */
        @WithDefault("1s")
        Duration tick();
    }

    interface CoinGecko {

        /**
         * The API plan: {@code public} (keyless), {@code demo} (key sent as {@code x-cg-demo-api-key}) or
         * {@code pro} (key sent as {@code x-cg-pro-api-key}). The plan also picks the default host; see
         * {@code quarkus.rest-client.coingecko.url} in application.properties. Unset: {@code demo} when a key is
         * set, {@code public} otherwise.
         */
        Optional<Plan> plan();

        /** The API key of a demo or pro plan; from the environment ({@code COINGECKO_API_KEY}), never logged. */
        Optional<String> apiKey();

        /**
         * Longest time one request may take, body included. The client's read timeout only notices silence, not
         * a body that keeps trickling.
         */
        @WithDefault("20s")
        Duration requestTimeout();

        /**
         * How often a paid (pro) key's plan and usage are read again from CoinGecko's {@code /key} (also read at
         * start-up); the budget then uses them instead of {@code ingest.budget.*}. Not read on other plans.
         */
        @WithDefault("1h")
        Duration keyRefresh();
    }

    interface Budget {

        /** Calls allowed in any 60 seconds (the plan's rate limit; demo: 30). Default in application.properties. */
        int perMinute();

        /** Calls allowed per calendar month, UTC (demo: 10,000). Default in application.properties. */
        int perMonth();

        /**
         * Share of the monthly budget that scheduled polls may plan to use; the rest is kept for retries and
         * backfill. The poll interval is stretched until polls fit in it.
         */
        @WithDefault("0.9")
        double pollShare();
    }

    interface Retry {

        /** Ceiling of the first wait after a failure; doubled at each failure in a row, each wait drawn from [d/2, d]. */
        @WithDefault("5s")
        Duration initialDelay();

        /** Longest wait between two attempts, whatever the number of failures. */
        @WithDefault("5m")
        Duration maxDelay();

        /** Longest {@code Retry-After} the service obeys; a longer one is cut to this. */
        @WithDefault("1h")
        Duration maxRetryAfter();

        /**
         * Retries of one backfill call after its first attempt (the poller retries until it succeeds, one poll at a
         * time). Stated in application.properties, which hands it to fault tolerance as BackfillCalls' max-retries.
         */
        int maxRetries();
    }

    interface Lease {

        /**
         * Whether replicas share one poller through a lease document in MongoDB ({@code MONGODB_URI}). Off, the
         * instance always polls: right for a single replica, and it needs no MongoDB. Default in
         * application.properties.
         */
        boolean enabled();

        /**
         * How long the lease lasts without renewal, i.e. how soon another replica takes over from one that died.
         * Unset: the poll interval as it is at each renewal (the plan's limits may change it), so a takeover comes
         * within two intervals. Renewed every third of it.
         */
        Optional<Duration> ttl();

        /** This replica's name in the lease; unset: the host name (the pod name on Kubernetes) and a random suffix. */
        Optional<String> holder();

        /** Collection of the lease documents. */
        @WithDefault("ingest_leases")
        String collection();
    }

    interface Backfill {

        /**
         * File listing the chunks (coin and days) a backfill has published completely; running the same command
         * again skips them. Mount it on a volume for a backfill to survive a pod's restart.
         */
        @WithDefault("backfill-progress.txt")
        String progressFile();

        /**
         * How long store-service keeps observations ({@code store.retention}, the TTL of its {@code timestamp}
         * index; {@code 0} keeps them forever): a backfill of older days would be stored and deleted by MongoDB's
         * TTL monitor within a minute, so it is refused. Read from the same {@code STORE_RETENTION} the store reads.
         */
        Duration storeRetention();
    }

    interface Dedup {

        /**
         * Coins whose latest {@code last_updated} is remembered to skip unchanged observations; the least recently
         * seen are forgotten beyond this. Unset: twice {@code ingest.poll.top-n}, so every polled coin and the
         * coins that just left the top are remembered (a forgotten coin would be published again on every poll).
         */
        Optional<Integer> maxCoins();
    }

    interface Topics {

        /** Partitions of {@code market.raw} when ingest-service creates it. Default in application.properties. */
        int rawPartitions();

        /** Replication factor of the topics it creates; the broker's default when unset. */
        Optional<Short> replicationFactor();
    }

    interface Readiness {

        /** The service reports not-ready after this many polls in a row have failed. */
        @WithDefault("3")
        int failedPolls();
    }
}
