package io.cryptopipe.aggregate.model;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-coin checks on the statistics and the stored shape of the report. */
class CoinQualityTest {

    private static final CoinCoverage FULL = new CoinCoverage("bitcoin", 2880, 2880, 2880, 30_000);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void pricesWithinTheirDayRangeAreInOrder() {
        CoinQuality quality = CoinQuality.of(FULL, INTERVAL, 10.0, 12.0, 9.0, 13.0);

        assertThat(quality.orderingOk()).isTrue();
        assertThat(quality.pricesPositive()).isTrue();
    }

    @Test
    void openOrCloseOutsideMinAndMaxIsOutOfOrder() {
        assertThat(CoinQuality.of(FULL, INTERVAL, 8.0, 12.0, 9.0, 13.0).orderingOk()).isFalse();
        assertThat(CoinQuality.of(FULL, INTERVAL, 10.0, 14.0, 9.0, 13.0).orderingOk()).isFalse();
    }

    @Test
    void missingOpenPriceIsOutOfOrder() {
        // A raw document without current_price gives the day a null open_price.
        assertThat(CoinQuality.of(FULL, INTERVAL, null, 12.0, 9.0, 13.0).orderingOk()).isFalse();
    }

    @Test
    void zeroOrNegativeMinimumPriceIsNotPositive() {
        assertThat(CoinQuality.of(FULL, INTERVAL, 10.0, 12.0, 0.0, 13.0).pricesPositive()).isFalse();
        assertThat(CoinQuality.of(FULL, INTERVAL, 10.0, 12.0, -1e-9, 13.0).pricesPositive()).isFalse();
        assertThat(CoinQuality.of(FULL, INTERVAL, 10.0, 12.0, 1e-12, 13.0).pricesPositive()).isTrue();
    }

    @Test
    void storedDocumentReadsBackAsTheSameReport() {
        CoinQuality quality = CoinQuality.of(new CoinCoverage("solana", 1500, 1440, 2880, 43_230_000), INTERVAL,
                10.0, 12.0, 9.0, 13.0);

        Document stored = quality.toDocument();

        assertThat(stored).containsEntry("coverage", 0.5).containsEntry("longest_gap_seconds", 43_230.0)
                .containsEntry("observations", 1440).containsEntry("expected_observations", 2880)
                .containsEntry("expected_interval_seconds", 30.0)
                .containsEntry("ordering_ok", true).containsEntry("prices_positive", true);
        assertThat(CoinQuality.fromDocument(stored)).isEqualTo(quality);
        assertThat(CoinQuality.fromDocument(null)).isNull();
    }
}
