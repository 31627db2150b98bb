package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * An HTTP server that answers like CoinGecko's {@code /api/v3/ping} and {@code /api/v3/coins/markets}, replaying
 * the recorded real responses of one day with their times shifted to the present (see {@link ReplayClock}).
 * Like the real API it serves one snapshot per refresh window: polls inside the window get the same answer.
 */
public final class CoinGeckoStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CoinGeckoStandIn.class.getName());
    private static final DateTimeFormatter COINGECKO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_PER_PAGE = 250;
    private static final Set<String> ORDERS = Set.of(
            "market_cap_desc", "market_cap_asc", "volume_desc", "volume_asc", "id_asc", "id_desc");

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordedPolls recorded;
    private final ReplayClock replayClock;
    private final Clock clock;
    private final Duration refreshWindow;
    private final int port;
    private final StandInFaults faults = new StandInFaults();
    private final int coins;
    private final StandInRateLimit rateLimit;
    private final Map<String, Instant> served = new ConcurrentHashMap<>();
    private volatile boolean recordServed;
    private final List<RateLimited> rateLimited = new CopyOnWriteArrayList<>();
    private Instant cachedWindow;
    private List<ObjectNode> cachedMarket;
    /** Per recorded poll, its records by coin id; and every id any recorded poll listed, in id order. */
    private final List<Map<String, JsonNode>> byId = new ArrayList<>();
    private final java.util.SortedSet<String> recordedIds = new java.util.TreeSet<>();
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
     * @param perMinute data requests allowed in any 60 s, answered 429 with {@code Retry-After} beyond; 0: no limit
     */
    public CoinGeckoStandIn(int port, double speed, Duration refreshWindow, Clock clock, int coins, int perMinute) {
        if (coins < 0 || perMinute < 0) {
            throw new IllegalArgumentException("coins and the rate limit must not be negative");
        }
        this.coins = coins;
        this.rateLimit = perMinute == 0 ? null : new StandInRateLimit(perMinute, clock);
        this.port = port;
        this.clock = clock;
        this.refreshWindow = refreshWindow;
        this.recorded = RecordedPolls.load(mapper);
        for (RecordedPolls.Poll poll : recorded.polls()) {
            Map<String, JsonNode> ids = new HashMap<>();
            poll.records().forEach(r -> ids.put(r.path("id").asText(), r));
            byId.add(ids);
            recordedIds.addAll(ids.keySet());
        }
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        this.replayClock = new ReplayClock(today, recorded.dayStart(), speed);
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
        server.createContext("/api/v3/ping", exchange -> respond(exchange, 200,
                "{\"gecko_says\":\"(V3) To the Moon!\"}"));
        server.createContext("/api/v3/coins/markets", this::markets);
        server.createContext("/api/v3/coins/", this::marketChartRange);
        server.createContext("/", exchange -> respond(exchange, 404, "{\"error\":\"Not found\"}"));
        server.start();
        LOG.info(() -> "CoinGecko stand-in listening on " + baseUrl() + "/api/v3 (replaying "
                + recorded.polls().size() + " recorded polls, " + Math.max(coins, 250) + " coins"
                + (rateLimit == null ? "" : ", " + rateLimit.perMinute() + " calls per minute") + ")");
        return this;
    }

    /** Misbehaviour a test scripts for the next data requests, and the log of what was asked. */
    public StandInFaults faults() {
        return faults;
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
        InEffect now = inEffect(wall);
        ArrayNode shifted = mapper.createArrayNode();
        for (JsonNode record : recorded.polls().get(now.poll()).records()) {
            shifted.add(shifted(record, now.loop()));
        }
        return shifted;
    }

    /**
     * Every coin the recorded day ever listed, each as its latest recorded poll (up to the one in effect) showed it:
     * a coin that left the recorded top 250 is still listed, with its last record (as the real API keeps listing a
     * coin that dropped in rank). The base the synthetic coins are derived from.
     */
    private ArrayNode everyRecordedCoinAt(Instant wall) {
        InEffect now = inEffect(wall);
        List<RecordedPolls.Poll> polls = recorded.polls();
        ArrayNode coins = mapper.createArrayNode();
        for (String id : recordedIds) {
            JsonNode latest = null;
            long loop = now.loop();
            for (int i = now.poll(); i >= 0 && latest == null; i--) {
                latest = byId.get(i).get(id);
            }
            for (int i = polls.size() - 1; i > now.poll() && latest == null; i--) {
                latest = byId.get(i).get(id);
                loop = now.loop() - 1;
            }
            coins.add(shifted(latest, loop));
        }
        return coins;
    }

    private record InEffect(int poll, long loop) {
    }

    private InEffect inEffect(Instant wall) {
        ReplayClock.Position position = replayClock.position(windowStart(wall));
        Instant recordedNow = replayClock.recordedAt(position);
        int poll = -1;
        for (int i = 0; i < recorded.polls().size(); i++) {
            if (!recorded.polls().get(i).fetchedAt().isAfter(recordedNow)) {
                poll = i;
            }
        }
        if (poll < 0) {
            // Before the day's first fetch the previous loop's last poll is still the latest answer.
            return new InEffect(recorded.polls().size() - 1, position.loop() - 1);
        }
        return new InEffect(poll, position.loop());
    }

    private ObjectNode shifted(JsonNode record, long loop) {
        ObjectNode copy = record.deepCopy();
        JsonNode lastUpdated = record.get("last_updated");
        if (lastUpdated != null && lastUpdated.isTextual()) {
            Instant moved = replayClock.shift(Instant.parse(lastUpdated.asText()), loop);
            copy.put("last_updated", COINGECKO_TIME.format(moved.truncatedTo(ChronoUnit.MILLIS)));
        }
        return copy;
    }

    private void markets(HttpExchange exchange) throws IOException {
        if (faults.apply(exchange) || rateLimited(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String currency = query.get("vs_currency");
        if (currency == null || currency.isBlank()) {
            respond(exchange, 422, "{\"error\":\"Missing parameter vs_currency\"}");
            return;
        }
        if (!currency.equalsIgnoreCase("usd")) {
            // Only USD responses were recorded; answering them under another currency would be wrong data.
            respond(exchange, 400, "{\"error\":\"invalid vs_currency\"}");
            return;
        }
        String order = query.getOrDefault("order", "market_cap_desc");
        if (!ORDERS.contains(order)) {
            respond(exchange, 400, "{\"error\":\"invalid order\"}");
            return;
        }
        int perPage;
        int page;
        try {
            perPage = Math.max(1, Math.min(MAX_PER_PAGE, Integer.parseInt(query.getOrDefault("per_page", "100"))));
            page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        } catch (NumberFormatException e) {
            respond(exchange, 400, "{\"error\":\"invalid per_page or page\"}");
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
        respond(exchange, 200, mapper.writeValueAsString(body));
    }

    /**
     * The points of one coin in [from, to] (UNIX seconds) from a recorded 30-day hourly {@code market_chart}, moved
     * to end yesterday; the same scripted faults as {@code /coins/markets} can be scripted.
     */
    public Optional<ObjectNode> marketChartRange(String coin, long fromSeconds, long toSeconds) {
        return new RecordedMarketCharts(mapper, clock.instant().atZone(ZoneOffset.UTC).toLocalDate())
                .range(coin, fromSeconds, toSeconds);
    }

    private void marketChartRange(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // /api/v3/coins/{id}/market_chart/range
        if (parts.length != 7 || !"market_chart".equals(parts[5]) || !"range".equals(parts[6])) {
            respond(exchange, 404, "{\"error\":\"Not found\"}");
            return;
        }
        if (faults.apply(exchange) || rateLimited(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!"usd".equalsIgnoreCase(query.getOrDefault("vs_currency", ""))) {
            respond(exchange, 422, "{\"error\":\"Missing parameter vs_currency\"}");
            return;
        }
        long from;
        long to;
        try {
            from = Long.parseLong(query.getOrDefault("from", ""));
            to = Long.parseLong(query.getOrDefault("to", ""));
        } catch (NumberFormatException e) {
            respond(exchange, 422, "{\"error\":\"Missing parameter from or to\"}");
            return;
        }
        Optional<ObjectNode> chart = marketChartRange(parts[4], from, to);
        if (chart.isEmpty()) {
            respond(exchange, 404, "{\"error\":\"coin not found\"}");
            return;
        }
        respond(exchange, 200, mapper.writeValueAsString(chart.get()));
    }

    /**
     * Every coin listed at a wall-clock instant, ordered by market cap (descending, ties by id): the snapshot of its
     * refresh window, widened to {@code coins}. Built once per window, as the API's cache serves one answer.
     */
    public synchronized List<ObjectNode> marketAt(Instant wall) {
        Instant window = windowStart(wall);
        if (!window.equals(cachedWindow)) {
            ArrayNode base = coins <= MAX_PER_PAGE ? snapshotAt(wall) : everyRecordedCoinAt(wall);
            cachedMarket = List.copyOf(SyntheticMarket.widen(base, coins, comparator("market_cap_desc")));
            cachedWindow = window;
        }
        return cachedMarket;
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

    private boolean rateLimited(HttpExchange exchange) throws IOException {
        if (rateLimit == null) {
            return false;
        }
        Optional<Duration> retryAfter = rateLimit.tryAcquire();
        if (retryAfter.isEmpty()) {
            return false;
        }
        // Whole seconds, rounded up: a client that waits exactly this long is let through.
        long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
        rateLimited.add(new RateLimited(clock.instant(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Duration.ofSeconds(seconds)));
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
        respond(exchange, 429, "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate"
                + " Limit of " + rateLimit.perMinute() + " calls per minute.\"}}");
        return true;
    }

    private Instant windowStart(Instant wall) {
        return Instant.ofEpochMilli(Math.floorDiv(wall.toEpochMilli(), refreshWindow.toMillis())
                * refreshWindow.toMillis());
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

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
