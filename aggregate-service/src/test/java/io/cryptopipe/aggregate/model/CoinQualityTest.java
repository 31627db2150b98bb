package io.cryptopipe.aggregate.model;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored shape of a coin's report, read back. */
class CoinQualityTest {

    @Test
    void storedDocumentReadsBackAsTheSameReport() {
        // As the daily pipeline writes it: counts as 32-bit integers, the rest as doubles and booleans.
        Document stored = new Document("expected_interval_seconds", 30.0).append("expected_observations", 2880)
                .append("observations", 1440).append("coverage", 0.5).append("repaired_coverage", 0.25)
                .append("repaired_points", 216).append("longest_gap_seconds", 43_230.0)
                .append("ordering_ok", true).append("prices_positive", false);

        assertThat(CoinQuality.fromDocument(stored))
                .isEqualTo(new CoinQuality(30.0, 2880, 1440, 0.5, 0.25, 216, 43_230.0, true, false));
    }

    @Test
    void reportWrittenBeforeRepairsWereToldApartHasNothingRepaired() {
        Document stored = new Document("expected_interval_seconds", 30.0).append("expected_observations", 2880)
                .append("observations", 1440).append("coverage", 0.5).append("longest_gap_seconds", 43_230.0)
                .append("ordering_ok", true).append("prices_positive", false);

        assertThat(CoinQuality.fromDocument(stored))
                .isEqualTo(new CoinQuality(30.0, 2880, 1440, 0.5, 0.0, 0, 43_230.0, true, false));
    }

    @Test
    void documentWithoutAReportOrWithoutItsPriceChecksHasNone() {
        assertThat(CoinQuality.fromDocument(null)).isNull();
        assertThat(CoinQuality.fromDocument(new Document("coverage", 1.0).append("observations", 2880))).isNull();
    }
}
