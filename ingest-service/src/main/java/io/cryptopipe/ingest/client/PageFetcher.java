package io.cryptopipe.ingest.client;

import io.cryptopipe.ingest.model.RawRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches pages of the ranking by market cap from {@link CoinGeckoClient}, several at a time, into a
 * {@link MarketsPaging}, and coins by id into a {@link CoinsById}, each answer stamped with the time it arrived.
 */
@ApplicationScoped
public class PageFetcher {

    private final CoinGeckoClient coinGecko;
    private final Clock clock;
    private final Executor executor;

    @Inject
    PageFetcher(CoinGeckoClient coinGecko, Clock clock) {
        this(coinGecko, clock, Infrastructure.getDefaultWorkerPool());
    }

    PageFetcher(CoinGeckoClient coinGecko, Clock clock, Executor executor) {
        this.coinGecko = coinGecko;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Fetches every page the paging still wants, up to {@code concurrency} at a time. Each page that answers is kept,
     * even when another fails; then the first failure is thrown. Once one failure is seen no further page is started
     * (a 429 or a refused budget says that more calls now would be wasted).
     *
     * @throws CoinGeckoException when a page is not a JSON array
     * @throws CallRefusedException when the budget does not allow a request
     */
    public void fetch(MarketsPaging paging, int concurrency) {
        List<MarketsPage> todo = paging.wanted();
        if (todo.isEmpty()) {
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Multi.createFrom().iterable(todo)
                .onItem().transformToUni(page -> Uni.createFrom().item(() -> {
                    if (failure.get() == null && paging.wants(page)) {
                        try {
                            paging.requesting();
                            List<RawRecord> records = coinGecko.page(page, paging.pageCount());
                            paging.answered(page, new MarketsAnswer(clock.instant(), records));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return Boolean.TRUE;
                }).runSubscriptionOn(executor))
                .merge(Math.max(1, concurrency))
                .collect().last()
                // Bounded: every request has its own deadline for the whole answer.
                .await().indefinitely();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Every record of the pages covering the top {@code topN} coins, one page at a time, in CoinGecko's order. */
    public List<RawRecord> topByMarketCap(int topN) {
        MarketsPaging paging = MarketsPaging.covering(topN);
        fetch(paging, 1);
        return paging.answers().stream().flatMap(answer -> answer.records().stream()).toList();
    }

    /**
     * Asks for every coin not asked for yet, one request per {@link MarketsPage#MAX_PER_PAGE}. When the budget refuses
     * a request, its coins and the rest are counted as missed rather than holding anything up; another failure is
     * thrown, and the next call asks only for the coins not answered yet.
     *
     * @throws CoinGeckoException when an answer is not a JSON array
     */
    public void fetch(CoinsById coins) {
        List<String> missing = coins.unasked();
        for (int from = 0; from < missing.size(); from += MarketsPage.MAX_PER_PAGE) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + MarketsPage.MAX_PER_PAGE));
            coins.requesting();
            try {
                List<RawRecord> records = coinGecko.byIds(chunk);
                coins.answered(chunk, new MarketsAnswer(clock.instant(), records));
            } catch (CallRefusedException refused) {
                coins.missedByBudget(missing.size() - from);
                break;
            }
        }
        coins.done();
    }
}
