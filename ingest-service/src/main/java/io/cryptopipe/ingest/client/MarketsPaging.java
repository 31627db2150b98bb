package io.cryptopipe.ingest.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages of one ranking by market cap and the answers fetched so far, which outlive a failed attempt: a page that
 * answered is never asked for again. A short page (fewer records than asked for) means CoinGecko lists fewer coins
 * than asked: the pages after it would be empty, so they are not wanted.
 */
public final class MarketsPaging {

    private final List<MarketsPage> pages;
    private final Map<Integer, MarketsAnswer> answers = new HashMap<>();
    private int firstShortPage = Integer.MAX_VALUE;
    private int requests;

    public MarketsPaging(List<MarketsPage> pages) {
        this.pages = List.copyOf(pages);
    }

    /** Pages covering the top {@code topN} coins (see {@link MarketsPage#covering}). */
    public static MarketsPaging covering(int topN) {
        return new MarketsPaging(MarketsPage.covering(topN));
    }

    /** The pages still wanted, in page order. */
    public synchronized List<MarketsPage> wanted() {
        return pages.stream().filter(this::wants).toList();
    }

    /** Whether the page is still wanted: asked again before each request, as a page before it may have been short. */
    public synchronized boolean wants(MarketsPage page) {
        return !answers.containsKey(page.page()) && page.page() <= firstShortPage;
    }

    /** Counts one request for a page, whether or not it is answered (or even made: the budget may refuse it). */
    synchronized void requesting() {
        requests++;
    }

    /** The page requests tried over every attempt. */
    public synchronized int requests() {
        return requests;
    }

    public synchronized void answered(MarketsPage page, MarketsAnswer answer) {
        answers.put(page.page(), answer);
        if (answer.records().size() < page.perPage()) {
            firstShortPage = Math.min(firstShortPage, page.page());
        }
    }

    /** The answers so far, in page order. */
    public synchronized List<MarketsAnswer> answers() {
        List<MarketsAnswer> inOrder = new ArrayList<>();
        for (MarketsPage page : pages) {
            MarketsAnswer answer = answers.get(page.page());
            if (answer != null) {
                inOrder.add(answer);
            }
        }
        return inOrder;
    }

    /** The coin ids the answers so far name. */
    public Set<String> coins() {
        Set<String> ids = new LinkedHashSet<>();
        answers().forEach(answer -> answer.records().forEach(record -> {
            String id = record.coinIdOrNull();
            if (id != null) {
                ids.add(id);
            }
        }));
        return ids;
    }

    public int pageCount() {
        return pages.size();
    }
}
