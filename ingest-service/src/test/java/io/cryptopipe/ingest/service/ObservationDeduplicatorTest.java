package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationDeduplicatorTest {

    private static final Instant T1 = Instant.parse("2026-08-10T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-08-10T12:01:00Z");

    @Test
    void anUnchangedLastUpdatedOfAPublishedCoinIsNotNew() {
        ObservationDeduplicator dedup = new ObservationDeduplicator(100);
        assertThat(dedup.isNew(record("bitcoin", T1))).isTrue();
        dedup.published(record("bitcoin", T1));

        assertThat(dedup.isNew(record("bitcoin", T1))).isFalse();
        assertThat(dedup.isNew(record("bitcoin", T2))).isTrue();
        assertThat(dedup.isNew(record("ethereum", T1))).isTrue();
    }

    @Test
    void aRecordNotAcknowledgedIsStillNew() {
        ObservationDeduplicator dedup = new ObservationDeduplicator(100);
        dedup.published(record("bitcoin", T1));

        assertThat(dedup.isNew(record("bitcoin", T2))).isTrue();
        assertThat(dedup.isNew(record("bitcoin", T2))).isTrue();
    }

    @Test
    void memoryStaysBoundedByForgettingTheLeastRecentlySeenCoin() {
        ObservationDeduplicator dedup = new ObservationDeduplicator(3);
        for (String coin : new String[] {"a", "b", "c"}) {
            dedup.published(record(coin, T1));
        }
        dedup.isNew(record("a", T1)); // "a" seen again: "b" is now the least recent
        dedup.published(record("d", T1));

        // Three remembered: a, c and d; b forgotten.
        assertThat(dedup.isNew(record("a", T1))).isFalse();
        assertThat(dedup.isNew(record("b", T1))).isTrue();
        assertThat(dedup.isNew(record("c", T1))).isFalse();
        assertThat(dedup.isNew(record("d", T1))).isFalse();
    }

    @Test
    void atTheWholeMarketEveryPolledCoinIsRememberedSoNoUnchangedOneIsPublishedAgain() {
        // Sized as the service sizes it for top-n 15,000 when ingest.dedup.max-coins is unset.
        ObservationDeduplicator dedup = new ObservationDeduplicator(2 * 15_000);
        for (int i = 0; i < 15_000; i++) {
            dedup.published(record("coin-" + i, T1));
        }
        int republished = 0;
        for (int i = 0; i < 15_000; i++) {
            if (dedup.isNew(record("coin-" + i, T1))) {
                republished++;
            }
        }
        assertThat(republished).isZero();
        // The old fixed bound of 10,000 forgot a third of them on every poll.
        ObservationDeduplicator old = new ObservationDeduplicator(10_000);
        for (int i = 0; i < 15_000; i++) {
            old.published(record("coin-" + i, T1));
        }
        assertThat(java.util.stream.IntStream.range(0, 15_000).filter(i -> old.isNew(record("coin-" + i, T1))))
                .hasSize(5_000);
    }

    private static MarketRecord record(String coin, Instant timestamp) {
        return new MarketRecord(1, coin, coin, coin, timestamp, T2, "poll", 1.0, null, null, null, null, null,
                null, null, null);
    }
}
