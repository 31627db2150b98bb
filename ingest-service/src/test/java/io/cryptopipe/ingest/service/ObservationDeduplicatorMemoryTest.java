package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the heap one remembered coin takes (coin ids of the real ids' length, one {@code last_updated} each),
 * as the retained heap of 100,000 coins divided by their number. The bound is generous (the measurement moves with
 * the collector); the number is logged and reported in docs/benchmarks.md.
 */
class ObservationDeduplicatorMemoryTest {

    private static final Logger LOG = Logger.getLogger(ObservationDeduplicatorMemoryTest.class);
    private static final int COINS = 100_000;

    @Test
    void oneRememberedCoinTakesAFewHundredBytesOfHeap() {
        long before = retainedHeap();
        ObservationDeduplicator dedup = new ObservationDeduplicator(COINS);
        Instant base = Instant.parse("2026-12-01T12:00:00Z");
        for (int i = 0; i < COINS; i++) {
            // Ids as long as CoinGecko's (median about 12 characters; "wrapped-bitcoin-s1234" is 21).
            String id = "coin-gecko-id-" + i;
            dedup.published(new MarketRecord(1, id, "s", "n", base.plusMillis(i), base, "poll", 1.0, null, null,
                    null, null, null, null, null, null));
        }
        long after = retainedHeap();
        double perCoin = (after - before) / (double) COINS;
        LOG.infof("Observation memory: %.0f bytes per coin (%d coins, %.1f MiB); 15,000 coins ~ %.1f MiB",
                perCoin, COINS, (after - before) / 1048576.0, perCoin * 15_000 / 1048576.0);
        assertThat(perCoin).isBetween(50.0, 1024.0);
        // The heap measured is that of every coin: each is still remembered.
        for (int i = 0; i < COINS; i++) {
            assertThat(dedup.isNew(new MarketRecord(1, "coin-gecko-id-" + i, "s", "n", base.plusMillis(i), base,
                    "poll", 1.0, null, null, null, null, null, null, null, null))).isFalse();
        }
    }

    private static long retainedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
