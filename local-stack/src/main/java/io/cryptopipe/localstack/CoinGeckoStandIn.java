package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * An HTTP server that answers like CoinGecko's API v3 from recorded real data, on one market over time:
 * <ul>
 * <li>{@code /coins/markets}: the recorded polls of one day replayed with their times shifted to the present (see
 * {@link ReplayClock}); like the real API it serves one snapshot per refresh window, and widens the recorded top 250
 * to the whole market on request ({@link SyntheticMarket});</li>
 * <li>{@code /coins/{id}/market_chart} and {@code /coins/{id}/market_chart/range}: each recorded coin's history
 * with CoinGecko's granularity rules ({@link MarketChartEndpoint}): the replayed polls themselves for the replayed
 * time, and before it bitcoin's recorded history, scaled to meet the replay ({@link RecordedHistory});</li>
 * <li>{@code /key}: the plan a test chose ({@link StandInPlan}) and the calls answered this month, for a Pro API key
 * only; {@code /ping}.</li>
 * </ul>
 * Every call counts against one per-minute rate limit and, answered with 200, one month's credits. A test scripts
 * misbehaviour, and outages of {@code /coins/markets}, through {@link #faults()}.
 */
public final class CoinGeckoStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CoinGeckoStandIn.class.getName());
    private static final Set<String> ORDERS = Set.of(
            "market_cap_desc", "market_cap_asc", "volume_desc", "volume_asc", "id_asc", "id_desc");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReplayedMarket replay;
    private final Clock clock;
    private final int port;
    private final StandInFaults faults;
    private final KeyEndpoint key;
    private final MarketChartEndpoint charts;
    private volatile StandInRateLimit rateLimit;
    private final Map<String, Instant> served = new ConcurrentHashMap<>();
    private volatile boolean recordServed;
    private final List<RateLimited> rateLimited = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param speed         how many recorded seconds pass per wall-clock second (1 = the recorded day reads as today)
     * @param refreshWindow how long one snapshot is served, like the API's cache (60 s on the public API)
     */
    public CoinGeckoStandIn(int port, double speed, Duration refreshWindow, Clock clock) {
        this(port, speed, refreshWindow, clock, 0, 0);
    }

    /**
     * @param coins     how many coins {@code /coins/markets} lists: the recorded 250 and synthetic ones derived from
     *                  them up to this many (see {@link SyntheticMarket}); 250 or less serves the recorded coins
     * @param perMinute calls allowed in any 60 s, answered 429 with {@code Retry-After} beyond; 0: no limit (until a
     *                  plan is chosen, see {@link #plan(StandInPlan)})
     */
    public CoinGeckoStandIn(int port, double speed, Duration refreshWindow, Clock clock, int coins, int perMinute) {
        if (coins < 0 || perMinute < 0) {
            throw new IllegalArgumentException("coins and the rate limit must not be negative");
        }
        this.rateLimit = perMinute == 0 ? null : new StandInRateLimit(perMinute, clock);
        this.port = port;
        this.clock = clock;
        this.faults = new StandInFaults(clock);
        this.replay = new ReplayedMarket(mapper, clock.instant().truncatedTo(ChronoUnit.DAYS), speed, refreshWindow,
                coins);
        // Until a test chooses a plan, /key reports the documented example's, with the limit actually enforced.
        StandInPlan example = StandInPlan.DOCUMENTED_EXAMPLE;
        this.key = new KeyEndpoint(mapper, clock, perMinute == 0 ? example
                : new StandInPlan(example.name(), perMinute, example.monthlyCredits(), 0));
        this.charts = new MarketChartEndpoint(mapper, new MarketCharts(mapper, replay), key, clock, this::refused);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server == null ? port : server.getAddress().getPort();
    }

    public synchronized CoinGeckoStandIn start() throws IOException {
        if (server != null) {
            return this;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/api/v3/ping", counted(exchange -> {
            if (!rateLimited(exchange)) {
                StandInHttp.respond(exchange, 200, "{\"gecko_says\":\"(V3) To the Moon!\"}");
            }
        }));
        server.createContext("/api/v3/key", counted(exchange -> {
            if (!faults.applyKey(exchange) && !rateLimited(exchange)) {
                key.handle(exchange);
            }
        }));
        server.createContext("/api/v3/coins/markets", counted(this::markets));
        server.createContext("/api/v3/coins/", counted(charts::handle));
        server.createContext("/", exchange -> StandInHttp.respond(exchange, 404, "{\"error\":\"Not found\"}"));
        server.start();
        StandInRateLimit limit = rateLimit;
        LOG.info(() -> "CoinGecko stand-in listening on " + baseUrl() + "/api/v3 (replaying "
                + replay.pollCount() + " recorded polls, " + Math.max(replay.coins(), ReplayedMarket.RECORDED_COINS)
                + " coins" + (limit == null ? "" : ", " + limit.perMinute() + " calls per minute") + ")");
        return this;
    }

    /** Misbehaviour a test scripts for the next requests, outages, and the log of what was asked. */
    public StandInFaults faults() {
        return faults;
    }

    /**
     * Chooses the paid plan {@code /key} reports to a Pro API key; its per-minute limit becomes the one enforced on
     * every call, and this month's count starts at its {@code creditsUsedBefore}.
     */
    public CoinGeckoStandIn plan(StandInPlan plan) {
        key.plan(plan);
        rateLimit = new StandInRateLimit(plan.ratePerMinute(), clock);
        return this;
    }

    public StandInPlan plan() {
        return key.plan();
    }

    /** The calls answered with status 200 this month (every endpoint, {@code /key} and {@code /ping} included). */
    public long callsThisMonth() {
        return key.callsThisMonth();
    }

    /** How the recorded day maps onto the stand-in's clock: to express a window of replayed time in wall time. */
    public ReplayClock replayClock() {
        return replay.replayClock();
    }

    /** The instant the replayed day begins; before it the charts serve the recorded history. */
    public Instant replayStart() {
        return replay.wallStart();
    }

    @Override
    public synchronized void close() {
        faults.releaseHeld();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /**
     * The whole snapshot served at a wall-clock instant: every recorded record of the poll in effect, with
     * {@code last_updated} shifted to the present.
     */
    public ArrayNode snapshotAt(Instant wall) {
        return replay.snapshotAt(wall);
    }

    private void markets(HttpExchange exchange) throws IOException {
        if (refused(exchange)) {
            return;
        }
        Map<String, String> query = StandInHttp.query(exchange);
        if (StandInHttp.refusedCurrency(exchange, query)) {
            return;
        }
        String order = query.getOrDefault("order", "market_cap_desc");
        if (!ORDERS.contains(order)) {
            StandInHttp.respond(exchange, 400, "{\"error\":\"invalid order\"}");
            return;
        }
        int perPage;
        int page;
        try {
            perPage = Math.max(1, Math.min(ReplayedMarket.RECORDED_COINS,
                    Integer.parseInt(query.getOrDefault("per_page", "100"))));
            page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        } catch (NumberFormatException e) {
            StandInHttp.respond(exchange, 400, "{\"error\":\"invalid per_page or page\"}");
            return;
        }
        List<JsonNode> records = new ArrayList<>(marketAt(clock.instant()));
        String ids = query.get("ids");
        if (ids != null && !ids.isBlank()) {
            Set<String> wanted = Set.of(ids.split(","));
            records.removeIf(r -> !wanted.contains(r.path("id").asText()));
        }
        if (!order.equals("market_cap_desc")) {
            records.sort(comparator(order));
        }
        int from = Math.min(records.size(), (page - 1) * perPage);
        int to = Math.min(records.size(), from + perPage);
        ArrayNode body = mapper.createArrayNode();
        for (JsonNode record : records.subList(from, to)) {
            body.add(record);
            if (recordServed) {
                served.putIfAbsent(record.path("id").asText() + "|" + record.path("last_updated").asText(),
                        clock.instant());
            }
        }
        StandInHttp.respond(exchange, 200, mapper.writeValueAsString(body));
    }

    /**
     * What {@code /coins/{coin}/market_chart/range} answers now for [from, to] (UNIX seconds), with CoinGecko's
     * auto-granularity; empty for a coin the stand-in does not know.
     */
    public Optional<ObjectNode> marketChartRange(String coin, long fromSeconds, long toSeconds) {
        return charts.range(coin, Instant.ofEpochSecond(fromSeconds), Instant.ofEpochSecond(toSeconds));
    }

    /**
     * Every coin listed at a wall-clock instant, ordered by market cap (descending, ties by id): the snapshot of its
     * refresh window, widened to {@code coins}. Built once per window, as the API's cache serves one answer.
     */
    public List<ObjectNode> marketAt(Instant wall) {
        return replay.marketAt(wall, comparator("market_cap_desc"));
    }

    /**
     * From now on, remembers every observation ({@code id|last_updated}) a {@code /coins/markets} answer carried, so
     * a test can check that each one reached the sink.
     */
    public void recordServed() {
        recordServed = true;
    }

    /** The observations served since {@link #recordServed()}, as {@code id|last_updated}. */
    public Set<String> served() {
        return Set.copyOf(served.keySet());
    }

    /** The observations first served before {@code instant}, as {@code id|last_updated}. */
    public Set<String> servedBefore(Instant instant) {
        Set<String> before = new java.util.HashSet<>();
        served.forEach((observation, at) -> {
            if (at.isBefore(instant)) {
                before.add(observation);
            }
        });
        return before;
    }

    /** A data request the rate limit refused (429): when, what it asked, and the {@code Retry-After} it was told. */
    public record RateLimited(Instant at, String path, String query, Duration retryAfter) {
    }

    /**
     * Every request refused by the rate limit so far, in order. {@link StandInFaults#requests()} lists these too
     * (it logs every data request before it is answered), so a test can tell refused requests from answered ones.
     */
    public List<RateLimited> rateLimited() {
        return List.copyOf(rateLimited);
    }

    /** Scripted faults, then the rate limit: whether the data request was answered already. */
    private boolean refused(HttpExchange exchange) throws IOException {
        return faults.apply(exchange) || rateLimited(exchange);
    }

    private boolean rateLimited(HttpExchange exchange) throws IOException {
        StandInRateLimit limit = rateLimit;
        if (limit == null) {
            return false;
        }
        Optional<Duration> retryAfter = limit.tryAcquire();
        if (retryAfter.isEmpty()) {
            return false;
        }
        // Whole seconds, rounded up: a client that waits exactly this long is let through.
        long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
        rateLimited.add(new RateLimited(clock.instant(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Duration.ofSeconds(seconds)));
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
        StandInHttp.respond(exchange, 429, StandInHttp.statusError(429, "You've exceeded the Rate Limit of "
                + limit.perMinute() + " calls per minute."));
        return true;
    }

    /** Counts a call answered with status 200 against this month's credits. */
    private HttpHandler counted(HttpHandler handler) {
        return exchange -> {
            handler.handle(exchange);
            if (exchange.getResponseCode() == 200) {
                key.served();
            }
        };
    }

    private static Comparator<JsonNode> comparator(String order) {
        Comparator<JsonNode> byId = Comparator.comparing(r -> r.path("id").asText());
        Comparator<JsonNode> byNumber = switch (order) {
            case "market_cap_desc", "market_cap_asc" -> numeric("market_cap", order.endsWith("desc"));
            case "volume_desc", "volume_asc" -> numeric("total_volume", order.endsWith("desc"));
            default -> null;
        };
        if (byNumber == null) {
            return order.equals("id_desc") ? byId.reversed() : byId;
        }
        return byNumber.thenComparing(byId);
    }

    // Records without the number sort last, whichever the direction.
    private static Comparator<JsonNode> numeric(String field, boolean descending) {
        return (a, b) -> {
            JsonNode x = a.get(field);
            JsonNode y = b.get(field);
            boolean xMissing = x == null || !x.isNumber();
            boolean yMissing = y == null || !y.isNumber();
            if (xMissing || yMissing) {
                return Boolean.compare(xMissing, yMissing);
            }
            int c = Double.compare(x.asDouble(), y.asDouble());
            return descending ? -c : c;
        };
    }
}
