package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.client.PageFetcher;
import io.cryptopipe.ingest.model.RawRecord;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.Instant;
import java.util.List;

/**
 * The backfill's CoinGecko calls, each retried by fault tolerance: a backfill is a batch, so unlike a poll it may wait
 * for a failed call to be worth trying again. Which failures are retried: {@link BackfillRetryable}; how long each
 * wait is (the budget's next minute, Retry-After, the backoff): {@link CoinGeckoBackoff}. How many retries:
 * {@code ingest.retry.max-retries}, set as this class's fault-tolerance setting in application.properties (on the
 * class, as the annotations are: a class-level setting does not reach a method's own annotation).
 * No total time limit ({@code maxDuration = 0}): each wait is bounded by itself (at most the backoff's maximum, the
 * longest Retry-After obeyed, or two minutes of budget).
 */
@ApplicationScoped
@Retry(delay = 0, jitter = 0, maxDuration = 0)
@RetryWhen(exception = BackfillRetryable.class)
@CustomBackoff(CoinGeckoBackoff.class)
public class BackfillCalls {

    private final CoinGeckoClient coinGecko;
    private final PageFetcher pages;

    BackfillCalls(CoinGeckoClient coinGecko, PageFetcher pages) {
        this.coinGecko = coinGecko;
        this.pages = pages;
    }

    public List<RawRecord> byIds(List<String> ids) {
        return coinGecko.byIds(ids);
    }

    /** The pages covering the top coins by market cap, as a poll pages them (all of them again on a retry). */
    public List<RawRecord> topByMarketCap(int top) {
        return pages.topByMarketCap(top);
    }

    public JsonNode marketChartRange(String id, Instant from, Instant to) {
        return coinGecko.marketChartRange(id, from, to);
    }

    public JsonNode lastDay(String id) {
        return coinGecko.lastDay(id);
    }
}
