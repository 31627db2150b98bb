package io.cryptopipe.ingest.client;

import java.util.ArrayList;
import java.util.List;

/** One {@code /coins/markets} request of a poll: which page, of what size. */
public record MarketsPage(int page, int perPage) {

    /** The API's largest page. */
    public static final int MAX_PER_PAGE = 250;

    /**
     * The fewest requests that cover the top {@code topN} coins: one page up to 250 coins, then equal pages, so
     * that at most {@code pages - 1} coins beyond the top N are fetched.
     */
    public static List<MarketsPage> covering(int topN) {
        if (topN < 1) {
            throw new IllegalArgumentException("top-n must be at least 1, was " + topN);
        }
        int pages = (topN + MAX_PER_PAGE - 1) / MAX_PER_PAGE;
        int perPage = (topN + pages - 1) / pages;
        List<MarketsPage> result = new ArrayList<>(pages);
        for (int page = 1; page <= pages; page++) {
            result.add(new MarketsPage(page, perPage));
        }
        return result;
    }
}
