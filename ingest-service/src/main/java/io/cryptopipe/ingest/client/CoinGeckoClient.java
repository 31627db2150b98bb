package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.model.RawRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.List;

/** Fetches the top coins by market cap from CoinGecko in as few requests as the API's page size allows. */
@ApplicationScoped
public class CoinGeckoClient {

    private static final String ORDER = "market_cap_desc";

    private final CoinGeckoApi api;
    private final MarketsResponseParser parser;
    private final String apiKey;

    CoinGeckoClient(@RestClient CoinGeckoApi api, ObjectMapper mapper, IngestConfig config) {
        this.api = api;
        this.parser = new MarketsResponseParser(mapper);
        this.apiKey = config.coingecko().apiKey().filter(key -> !key.isBlank()).orElse(null);
    }

    /**
     * @return every record of the answer pages, in CoinGecko's order (with more than one page, up to
     *         {@code pages - 1} records beyond the top N)
     * @throws CoinGeckoException when any page is not a JSON array; a poll is all or nothing
     */
    public List<RawRecord> topByMarketCap(int topN, String vsCurrency) {
        List<MarketsPage> pages = MarketsPage.covering(topN);
        List<RawRecord> records = new ArrayList<>();
        for (MarketsPage page : pages) {
            List<RawRecord> answer = fetch(page, pages.size(), vsCurrency);
            records.addAll(answer);
            if (answer.size() < page.perPage()) {
                break; // CoinGecko has fewer coins than asked for: later pages would be empty.
            }
        }
        return records;
    }

    private List<RawRecord> fetch(MarketsPage page, int pageCount, String vsCurrency) {
        String where = "CoinGecko /coins/markets page " + page.page() + "/" + pageCount + ": ";
        int status;
        String contentType;
        String body;
        try (Response response = api.markets(vsCurrency, ORDER, page.perPage(), page.page(), false, apiKey)) {
            status = response.getStatus();
            contentType = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            throw new CoinGeckoException(where + "request failed: " + rootCause(e), e);
        }
        try {
            return parser.parse(status, contentType, body);
        } catch (CoinGeckoException e) {
            throw new CoinGeckoException(where + e.getMessage(), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
