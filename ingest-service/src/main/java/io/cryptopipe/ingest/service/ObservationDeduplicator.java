package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last observation time published per coin, so that the same cached snapshot answered to several
 * polls is published once. Memory is one entry per coin, the least recently seen forgotten beyond a bound (a
 * forgotten coin is at worst published once more, which the sink's identity absorbs).
 */
@Singleton
public class ObservationDeduplicator {

    private final Map<String, Instant> latest;

    @Inject
    ObservationDeduplicator(IngestConfig config) {
        this(capacity(config));
    }

    /** The bound: the configured one, or twice the coins a poll asks for. */
    static int capacity(IngestConfig config) {
        return config.dedup().maxCoins().orElse(2 * config.poll().topN());
    }

    public ObservationDeduplicator(int maxCoins) {
        if (maxCoins < 1) {
            throw new IllegalArgumentException("ingest.dedup.max-coins must be at least 1, was " + maxCoins);
        }
        this.latest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > maxCoins;
            }
        };
    }

    /**
     * True unless the coin's last published observation has the same time. A time that goes backwards counts as
     * new: it is a different observation, and the sink's identity decides whether it was stored before.
     */
    public synchronized boolean isNew(MarketRecord record) {
        return !record.timestamp().equals(latest.get(record.coinId()));
    }

    /** Called once the broker has acknowledged the record, so an unacknowledged one is tried again. */
    public synchronized void published(MarketRecord record) {
        latest.put(record.coinId(), record.timestamp());
    }
}
