package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.config.PlanSettings;
import io.cryptopipe.ingest.model.RawRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fetches the top coins by market cap from CoinGecko in as few requests as the API's page size allows. Every request
 * is charged to the {@link CallBudget} first, and has a deadline for the whole answer. The API key, which
 * {@link CoinGeckoKeyHeader} sends in the plan's header, is scrubbed from every message this class produces, since
 * error bodies can echo it.
 */
@ApplicationScoped
public class CoinGeckoClient {

    private static final String ORDER = "market_cap_desc";
    private static final String REDACTED = "[redacted]";

    private final CoinGeckoApi api;
    private final MarketsResponseParser parser;
    private final CallBudget budget;
    private final MeterRegistry registry;
    private final Plan plan;
    private final String apiKey;
    private final Duration requestTimeout;
    private final Clock clock;

    CoinGeckoClient(@RestClient CoinGeckoApi api, ObjectMapper mapper, IngestConfig config, CallBudget budget,
            MeterRegistry registry, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.parser = new MarketsResponseParser(mapper);
        this.budget = budget;
        this.registry = registry;
        this.apiKey = PlanSettings.usableKey(config.coingecko().apiKey()).orElse(null);
        this.plan = PlanSettings.effectivePlan(config.coingecko().plan(), apiKey != null);
        this.requestTimeout = config.coingecko().requestTimeout();
    }

    /**
     * @return every record of the answer pages, in CoinGecko's order (with more than one page, up to
     *         {@code pages - 1} records beyond the top N)
     * @throws CoinGeckoException when any page is not a JSON array; a poll is all or nothing
     * @throws CallRefusedException when the budget does not allow the next request
     */
    public List<RawRecord> topByMarketCap(int topN, String vsCurrency) {
        List<MarketsPage> pages = MarketsPage.covering(topN);
        List<RawRecord> records = new ArrayList<>();
        for (MarketsPage page : pages) {
            List<RawRecord> answer = page(page, pages.size(), vsCurrency);
            records.addAll(answer);
            if (answer.size() < page.perPage()) {
                break; // CoinGecko has fewer coins than asked for: later pages would be empty.
            }
        }
        return records;
    }

    public Plan plan() {
        return plan;
    }

    /** The market records of the named coins (one request, up to 250 ids); coins CoinGecko does not know are absent. */
    public List<RawRecord> byIds(List<String> ids, String vsCurrency) {
        if (ids.size() > MarketsPage.MAX_PER_PAGE) {
            throw new IllegalArgumentException("at most " + MarketsPage.MAX_PER_PAGE + " coins at a time");
        }
        String where = "CoinGecko /coins/markets?ids=" + String.join(",", ids) + ": ";
        Answer answer = call("markets", where, () -> api.marketsByIds(vsCurrency, String.join(",", ids),
                MarketsPage.MAX_PER_PAGE, 1));
        try {
            return parser.parse(answer.status(), answer.contentType(), answer.body());
        } catch (CoinGeckoException e) {
            throw new CoinGeckoException(e.kind(), redact(where + e.getMessage()),
                    answer.retryAfter().orElse(null), null);
        }
    }

    /** The {@code prices}, {@code market_caps} and {@code total_volumes} of one coin in [from, to]. */
    public JsonNode marketChartRange(String id, String vsCurrency, Instant from, Instant to) {
        String where = "CoinGecko /coins/" + id + "/market_chart/range " + from + ".." + to + ": ";
        Answer answer = call("market_chart_range", where, () -> api.marketChartRange(id, vsCurrency,
                from.getEpochSecond(), to.getEpochSecond()));
        try {
            return parser.parseObject(answer.status(), answer.contentType(), answer.body());
        } catch (CoinGeckoException e) {
            throw new CoinGeckoException(e.kind(), redact(where + e.getMessage()),
                    answer.retryAfter().orElse(null), null);
        }
    }

    /**
     * One page of the top coins by market cap (one request, charged to the budget first).
     *
     * @throws CoinGeckoException when the answer is not a JSON array
     * @throws CallRefusedException when the budget does not allow the request
     */
    public List<RawRecord> page(MarketsPage page, int pageCount, String vsCurrency) {
        String where = "CoinGecko /coins/markets page " + page.page() + "/" + pageCount + ": ";
        Answer answer = call("markets", where, () -> api.markets(vsCurrency, ORDER, page.perPage(), page.page(),
                false));
        try {
            return parser.parse(answer.status(), answer.contentType(), answer.body());
        } catch (CoinGeckoException e) {
            throw new CoinGeckoException(e.kind(), redact(where + e.getMessage()),
                    answer.retryAfter().orElse(null), null);
        }
    }

    /** One request: charged, timed, bounded by the deadline, read whole as text whatever its status. */
    private Answer call(String endpoint, String where, Supplier<Uni<Response>> request) {
        budget.tryCharge().ifPresent(refusal -> {
            throw new CallRefusedException(refusal);
        });
        Timer.Sample sample = Timer.start(registry);
        String outcome = "exception";
        try (Response response = request.get().await().atMost(requestTimeout)) {
            int status = response.getStatus();
            outcome = String.valueOf(status);
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Answer(status, response.getHeaderString(HttpHeaders.CONTENT_TYPE), body,
                    retryAfter(response.getHeaderString("Retry-After")));
        } catch (io.smallrye.mutiny.TimeoutException e) {
            outcome = "timeout";
            throw new CoinGeckoException(CoinGeckoException.Kind.TIMEOUT,
                    where + "no complete answer within " + requestTimeout, e);
        } catch (RuntimeException e) {
            CoinGeckoException.Kind kind = kindOf(e);
            outcome = kind.tag();
            // Only the root cause's type and message: the exception itself may carry the request, headers included.
            throw new CoinGeckoException(kind, redact(where + "request failed: " + rootCause(e)));
        } finally {
            sample.stop(Timer.builder("ingest.coingecko.request")
                    .description("Time of one CoinGecko request, body included")
                    .tag("endpoint", endpoint)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    private Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static CoinGeckoException.Kind kindOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            if (t instanceof SocketTimeoutException || name.contains("timeout")) {
                return CoinGeckoException.Kind.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return CoinGeckoException.Kind.CONNECTION;
            }
        }
        return CoinGeckoException.Kind.CONNECTION;
    }

    private String redact(String message) {
        return apiKey == null || message == null ? message : message.replace(apiKey, REDACTED);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private record Answer(int status, String contentType, String body, Optional<Duration> retryAfter) {
    }
}
