package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /coins/{id}/market_chart?days=} and {@code /coins/{id}/market_chart/range?from=&to=} with CoinGecko's
 * documented rules: auto-granularity ({@link ChartGranularity}); {@code from}/{@code to} as UNIX seconds or ISO dates
 * ({@code YYYY-MM-DD}, {@code YYYY-MM-DDTHH:MM}, UTC); {@code interval=daily} for every key, {@code interval=hourly}
 * (at most 100 days) for a paid key, {@code interval=5m} (at most 10 days) for an Enterprise plan's key; and the
 * documented cache: one answer per request for 30 s when it spans a day, 30 min up to 90 days, 12 h beyond.
 */
final class MarketChartEndpoint {

    /** Scripted faults and the rate limit, applied to a chart request before it is answered. */
    interface Guard {
        /** @return true when the request was answered (refused) already */
        boolean refused(HttpExchange exchange) throws IOException;
    }

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOURLY_LIMIT = Duration.ofDays(100);
    private static final Duration FIVE_MINUTE_LIMIT = Duration.ofDays(10);
    private static final int CACHE_LIMIT = 1000;

    private final ObjectMapper mapper;
    private final MarketCharts charts;
    private final KeyEndpoint key;
    private final Clock clock;
    private final Guard guard;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String body, Instant expires) {
    }

    MarketChartEndpoint(ObjectMapper mapper, MarketCharts charts, KeyEndpoint key, Clock clock, Guard guard) {
        this.mapper = mapper;
        this.charts = charts;
        this.key = key;
        this.clock = clock;
        this.guard = guard;
    }

    /** What {@code /market_chart/range} answers now (auto-granularity), or empty for a coin it does not know. */
    Optional<ObjectNode> range(String coin, Instant from, Instant to) {
        if (!charts.knows(coin)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(charts.chart(coin, from, to, ChartGranularity.forRange(from, to, now), now, false));
    }

    void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // /api/v3/coins/{id}/market_chart or /api/v3/coins/{id}/market_chart/range
        boolean isRange = parts.length == 7 && "market_chart".equals(parts[5]) && "range".equals(parts[6]);
        boolean isDays = parts.length == 6 && "market_chart".equals(parts[5]);
        if (!isRange && !isDays) {
            StandInHttp.respond(exchange, 404, "{\"error\":\"Not found\"}");
            return;
        }
        if (guard.refused(exchange)) {
            return;
        }
        Map<String, String> query = StandInHttp.query(exchange);
        if (StandInHttp.refusedCurrency(exchange, query)) {
            return;
        }
        Instant now = clock.instant();
        Optional<Window> window = isRange ? rangeWindow(exchange, query, now) : daysWindow(exchange, query, now);
        if (window.isEmpty()) {
            return;
        }
        Optional<ChartGranularity> granularity = granularity(exchange, query.getOrDefault("interval", ""),
                window.get());
        if (granularity.isEmpty()) {
            return;
        }
        String coin = parts[4];
        if (!charts.knows(coin)) {
            StandInHttp.respond(exchange, 404, "{\"error\":\"coin not found\"}");
            return;
        }
        String cacheKey = cacheKey(exchange.getRequestURI().getPath(), query);
        Cached cached = cache.get(cacheKey);
        if (cached == null || !now.isBefore(cached.expires())) {
            Window w = window.get();
            String body = mapper.writeValueAsString(charts.chart(coin, w.from(), w.to(), granularity.get(), now,
                    w.endsWithNow()));
            cached = new Cached(body, now.plus(cacheFor(w.span())));
            remember(cacheKey, cached, now);
        }
        StandInHttp.respond(exchange, 200, cached.body());
    }

    /** The instants asked for, and whether the answer ends with the current value ({@code days=} does). */
    private record Window(Instant from, Instant to, ChartGranularity auto, boolean endsWithNow) {
        Duration span() {
            return Duration.between(from, to);
        }
    }

    private Optional<Window> daysWindow(HttpExchange exchange, Map<String, String> query, Instant now)
            throws IOException {
        String days = query.get("days");
        if (days == null || days.isBlank()) {
            StandInHttp.respond(exchange, 422, "{\"error\":\"Missing parameter days\"}");
            return Optional.empty();
        }
        if (days.equalsIgnoreCase("max")) {
            return Optional.of(new Window(Instant.EPOCH, now, ChartGranularity.DAILY, true));
        }
        double n;
        try {
            n = Double.parseDouble(days);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (!(n > 0) || Double.isInfinite(n)) {
            StandInHttp.respond(exchange, 400, "{\"error\":\"invalid days\"}");
            return Optional.empty();
        }
        Instant from = now.minusMillis(Math.round(n * DAY.toMillis()));
        return Optional.of(new Window(from, now, ChartGranularity.forDays(n), true));
    }

    private Optional<Window> rangeWindow(HttpExchange exchange, Map<String, String> query, Instant now)
            throws IOException {
        for (String name : new String[] {"from", "to"}) {
            if (query.get(name) == null || query.get(name).isBlank()) {
                StandInHttp.respond(exchange, 422, "{\"error\":\"Missing parameter " + name + "\"}");
                return Optional.empty();
            }
        }
        Optional<Instant> from = instant(query.get("from"));
        Optional<Instant> to = instant(query.get("to"));
        if (from.isEmpty() || to.isEmpty()) {
            StandInHttp.respond(exchange, 400, "{\"error\":\"invalid from or to\"}");
            return Optional.empty();
        }
        return Optional.of(new Window(from.get(), to.get(), ChartGranularity.forRange(from.get(), to.get(), now),
                false));
    }

    /** UNIX seconds (whole or not), {@code YYYY-MM-DD} or {@code YYYY-MM-DDTHH:MM} (UTC). */
    static Optional<Instant> instant(String text) {
        try {
            if (text.matches("\\d+(\\.\\d+)?")) {
                return Optional.of(Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValue()));
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The granularity asked for: auto unless {@code interval} overrides it, which only the plans CoinGecko names may
     * (a refused override is answered like CoinGecko refuses what a plan does not cover).
     */
    private Optional<ChartGranularity> granularity(HttpExchange exchange, String interval, Window window)
            throws IOException {
        switch (interval) {
            case "":
                return Optional.of(window.auto());
            case "daily":
                return Optional.of(ChartGranularity.DAILY);
            case "hourly":
                return override(exchange, KeyEndpoint.paid(exchange), window, HOURLY_LIMIT, ChartGranularity.HOURLY);
            case "5m":
                boolean enterprise = KeyEndpoint.paid(exchange) && key.plan().fiveMinuteHistory();
                return override(exchange, enterprise, window, FIVE_MINUTE_LIMIT, ChartGranularity.FIVE_MINUTES);
            default:
                StandInHttp.respond(exchange, 400, "{\"error\":\"invalid interval\"}");
                return Optional.empty();
        }
    }

    private static Optional<ChartGranularity> override(HttpExchange exchange, boolean allowed, Window window,
            Duration limit, ChartGranularity granularity) throws IOException {
        if (!allowed) {
            StandInHttp.respond(exchange, 401, KeyEndpoint.PRO_ONLY);
            return Optional.empty();
        }
        if (window.span().compareTo(limit) > 0) {
            StandInHttp.respond(exchange, 400, "{\"error\":\"interval=" + (granularity == ChartGranularity.HOURLY
                    ? "hourly" : "5m") + " covers at most " + limit.toDays() + " days\"}");
            return Optional.empty();
        }
        return Optional.of(granularity);
    }

    private static Duration cacheFor(Duration span) {
        if (span.compareTo(DAY) <= 0) {
            return Duration.ofSeconds(30);
        }
        return span.compareTo(Duration.ofDays(90)) <= 0 ? Duration.ofMinutes(30) : Duration.ofHours(12);
    }

    /** The request without its key: every key gets the same cached answer. */
    private static String cacheKey(String path, Map<String, String> query) {
        Map<String, String> sorted = new TreeMap<>(query);
        sorted.remove(KeyEndpoint.PRO_KEY_PARAM);
        sorted.remove("x_cg_demo_api_key");
        return path + "?" + sorted;
    }

    private void remember(String cacheKey, Cached cached, Instant now) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.values().removeIf(c -> !now.isBefore(c.expires()));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
        }
        cache.put(cacheKey, cached);
    }
}
