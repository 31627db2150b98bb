package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.config.CoinGeckoAccess;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.model.RawRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CoinGecko's endpoints the service calls: a page of {@code /coins/markets} by market cap, the same for named coins,
 * and one coin's {@code /coins/{id}/market_chart/range}. Every request is charged to the {@link CallBudget} first, is
 * timed, has a deadline for the whole answer, and fails as a {@link CoinGeckoException} whose message names the request
 * and never the API key (which {@link CoinGeckoKeyHeader} sends in the plan's header; error bodies can echo it).
 */
@ApplicationScoped
public class CoinGeckoClient {

    private static final String ORDER = "market_cap_desc";

    private final CoinGeckoApi api;
    private final MarketsResponseParser parser;
    private final CallBudget budget;
    private final MeterRegistry registry;
    private final CoinGeckoAccess access;
    private final Duration requestTimeout;
    private final String vsCurrency;
    private final Clock clock;

    @Inject
    CoinGeckoClient(@RestClient CoinGeckoApi api, ObjectMapper mapper, IngestConfig config, CoinGeckoAccess access,
            CallBudget budget, MeterRegistry registry, Clock clock) {
        this(api, mapper, access, config.coingecko().requestTimeout(), config.poll().vsCurrency(), budget, registry,
                clock);
    }

    CoinGeckoClient(CoinGeckoApi api, ObjectMapper mapper, CoinGeckoAccess access, Duration requestTimeout,
            String vsCurrency, CallBudget budget, MeterRegistry registry, Clock clock) {
        this.api = api;
        this.parser = new MarketsResponseParser(mapper);
        this.access = access;
        this.requestTimeout = requestTimeout;
        this.vsCurrency = vsCurrency;
        this.budget = budget;
        this.registry = registry;
        this.clock = clock;
    }

    public Plan plan() {
        return access.plan();
    }

    /**
     * One page of the top coins by market cap.
     *
     * @throws CoinGeckoException when the answer is not a JSON array
     * @throws CallRefusedException when the budget does not allow the request
     */
    public List<RawRecord> page(MarketsPage page, int pageCount) {
        return call("markets", "CoinGecko /coins/markets page " + page.page() + "/" + pageCount + ": ",
                () -> api.markets(vsCurrency, ORDER, page.perPage(), page.page(), false), parser::parse);
    }

    /** The market records of the named coins (one request, up to 250 ids); coins CoinGecko does not know are absent. */
    public List<RawRecord> byIds(List<String> ids) {
        if (ids.size() > MarketsPage.MAX_PER_PAGE) {
            throw new IllegalArgumentException("at most " + MarketsPage.MAX_PER_PAGE + " coins at a time");
        }
        String joined = String.join(",", ids);
        return call("markets", "CoinGecko /coins/markets?ids=" + joined + ": ",
                () -> api.marketsByIds(vsCurrency, joined, MarketsPage.MAX_PER_PAGE, 1), parser::parse);
    }

    /** The {@code prices}, {@code market_caps} and {@code total_volumes} of one coin in [from, to]. */
    public JsonNode marketChartRange(String id, Instant from, Instant to) {
        return call("market_chart_range", "CoinGecko /coins/" + id + "/market_chart/range " + from + ".." + to + ": ",
                () -> api.marketChartRange(id, vsCurrency, from.getEpochSecond(), to.getEpochSecond()),
                parser::parseObject);
    }

    /** The paid key's plan and usage from {@code /key}, charged like every call. */
    public KeyUsage keyUsage() {
        return call("key", "CoinGecko /key: ", api::key, (status, type, body) ->
                KeyUsage.read(parser.parseObject(status, type, body)));
    }

    /** One coin's last day at 5-minute resolution ({@code market_chart?days=1}), charged like every call. */
    public JsonNode lastDay(String id) {
        return lastDay(id, true);
    }

    /**
     * {@link #lastDay} for a repair whose caller has already charged the call to the spare budget (RepairBudget): it
     * is not charged again.
     */
    public JsonNode lastDayPrecharged(String id) {
        return lastDay(id, false);
    }

    private JsonNode lastDay(String id, boolean charge) {
        return call("market_chart", "CoinGecko /coins/" + id + "/market_chart?days=1: ", charge,
                () -> api.marketChart(id, vsCurrency, 1), parser::parseObject);
    }

    /** {@link #marketChartRange} for a repair whose caller has already charged the call (hourly points). */
    public JsonNode marketChartRangePrecharged(String id, Instant from, Instant to) {
        return call("market_chart_range", "CoinGecko /coins/" + id + "/market_chart/range " + from + ".." + to
                + ": ", false, () -> api.marketChartRange(id, vsCurrency, from.getEpochSecond(), to.getEpochSecond()),
                parser::parseObject);
    }

    /** How an answer's status, content type and body become the result, or a {@link CoinGeckoException}. */
    @FunctionalInterface
    private interface AnswerReader<T> {
        T read(int status, String contentType, String body);
    }

    /**
     * One request (see {@link #exchange}) read by {@code reader}; a failure says {@code where} it happened, with the
     * key scrubbed and CoinGecko's Retry-After kept.
     */
    private <T> T call(String endpoint, String where, Supplier<Uni<Response>> request, AnswerReader<T> reader) {
        return call(endpoint, where, true, request, reader);
    }

    private <T> T call(String endpoint, String where, boolean charge, Supplier<Uni<Response>> request,
            AnswerReader<T> reader) {
        Answer answer = exchange(endpoint, where, charge, request);
        try {
            return reader.read(answer.status(), answer.contentType(), answer.body());
        } catch (CoinGeckoException e) {
            throw new CoinGeckoException(e.kind(), access.redact(where + e.getMessage()),
                    answer.retryAfter().orElse(null), null);
        }
    }

    /** One request: charged, timed, bounded by the deadline, read whole as text whatever its status. */
    private Answer exchange(String endpoint, String where, boolean charge, Supplier<Uni<Response>> request) {
        if (charge) {
            budget.tryCharge().ifPresent(refusal -> {
                throw new CallRefusedException(refusal);
            });
        }
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
            throw new CoinGeckoException(kind, access.redact(where + "request failed: " + rootCause(e)));
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
