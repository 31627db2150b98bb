package io.cryptopipe.ingest.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketsPageTest {

    @Test
    void upTo250CoinsTakeOneRequestOfExactlyThatSize() {
        assertThat(MarketsPage.covering(1)).containsExactly(new MarketsPage(1, 1));
        assertThat(MarketsPage.covering(50)).containsExactly(new MarketsPage(1, 50));
        assertThat(MarketsPage.covering(250)).containsExactly(new MarketsPage(1, 250));
    }

    @Test
    void moreThan250CoinsTakeTheFewestEqualPages() {
        assertThat(MarketsPage.covering(251)).containsExactly(new MarketsPage(1, 126), new MarketsPage(2, 126));
        assertThat(MarketsPage.covering(500)).containsExactly(new MarketsPage(1, 250), new MarketsPage(2, 250));
        assertThat(MarketsPage.covering(600))
                .containsExactly(new MarketsPage(1, 200), new MarketsPage(2, 200), new MarketsPage(3, 200));
    }

    @Test
    void pagesAlwaysCoverTheTopNWithinTheApiLimitAndOverFetchLessThanOneCoinPerPage() {
        for (int topN = 1; topN <= 2000; topN++) {
            var pages = MarketsPage.covering(topN);
            int perPage = pages.get(0).perPage();
            int fetched = pages.size() * perPage;
            assertThat(perPage).isBetween(1, MarketsPage.MAX_PER_PAGE);
            assertThat(pages.size()).isEqualTo((topN + 249) / 250);
            assertThat(fetched).isBetween(topN, topN + pages.size() - 1);
        }
    }

    @Test
    void aTopNBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> MarketsPage.covering(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
