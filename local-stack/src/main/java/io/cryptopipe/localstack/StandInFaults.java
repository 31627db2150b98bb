package io.cryptopipe.localstack;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Misbehaviour of the real API that a test can script on the CoinGecko stand-in: each queued {@link Fault} is
 * used by exactly one data request (in order), after which the stand-in answers normally again; an outage refuses
 * every {@code /coins/markets} request for a window of the stand-in's clock while the charts keep answering; faults
 * for {@code /key} have a queue of their own. Also keeps a log of every data request (and one of {@code /key}
 * requests), so a test can see when and with which headers the service called.
 */
public final class StandInFaults {

    /** What the stand-in saw of one request, and the fault it answered with (null: answered normally). */
    public record Request(Instant at, String path, String query, String userAgent, String demoKey, String proKey,
            Fault fault) {
    }

    /** One scripted misbehaviour. */
    public sealed interface Fault {

        /** An answer with this status, content type and body, and a {@code Retry-After} header when not null. */
        static Fault answer(int status, String contentType, String body, String retryAfter) {
            return new Answer(status, contentType, body, retryAfter);
        }

        /** The normal answer, sent only after this delay. */
        static Fault slow(Duration delay) {
            return new Slow(delay);
        }

        /** Status 200 announcing a body far longer than what is sent before the connection is closed. */
        static Fault brokenBody() {
            return new BrokenBody();
        }

        /** Status 200 and the start of a body that never ends (held until the stand-in stops, at most 2 minutes). */
        static Fault neverEnds() {
            return new NeverEnds();
        }
    }

    record Answer(int status, String contentType, String body, String retryAfter) implements Fault {
    }

    record Slow(Duration delay) implements Fault {
    }

    record BrokenBody() implements Fault {
    }

    record NeverEnds() implements Fault {
    }

    private static final Duration NEVER_ENDS_LIMIT = Duration.ofMinutes(2);
    private static final String MARKETS_PATH = "/coins/markets";
    /**
     * The answer of a real CoinGecko outage: the body {@code /coins/markets} gave on 2023-03-30 (captured in
     * {@code errors/}; its status was not recorded, the body says 403).
     */
    public static final Fault OUTAGE = Fault.answer(403, "application/json; charset=utf-8",
            RecordedFiles.text("coingecko/errors/error-403-coins-markets-2023-03-30.json"), null);

    /** {@code /coins/markets} refused with {@code answer} while the stand-in's clock is in [from, until). */
    private record Outage(Instant from, Instant until, Fault answer) {
    }

    private final Clock clock;
    private final Queue<Fault> script = new ConcurrentLinkedQueue<>();
    private final Queue<Fault> keyScript = new ConcurrentLinkedQueue<>();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> keyRequests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch released = new CountDownLatch(1);

    StandInFaults(Clock clock) {
        this.clock = clock;
    }

    /** Appends faults for the next data requests. */
    public void script(Fault... faults) {
        script.addAll(List.of(faults));
    }

    /** Appends faults for the next {@code /key} requests (data requests never use them). */
    public void scriptKey(Fault... faults) {
        keyScript.addAll(List.of(faults));
    }

    /**
     * A CoinGecko outage: every {@code /coins/markets} request while the stand-in's clock is in [from, until) is
     * answered with {@link #OUTAGE}, whatever is scripted; {@code market_chart} and the rest answer as usual (the
     * history a repair reads stays available). To give the window in replayed time, map the recorded instants with
     * {@link CoinGeckoStandIn#replayClock()}.
     */
    public void refuseMarkets(Instant from, Instant until) {
        refuseMarkets(from, until, OUTAGE);
    }

    /** An outage of {@code /coins/markets} answered with {@code answer} (e.g. a 503) instead of the recorded 403. */
    public void refuseMarkets(Instant from, Instant until, Fault answer) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("an outage must end after it starts: " + from + " .. " + until);
        }
        outages.add(new Outage(from, until, answer));
    }

    /** Whether an outage refuses {@code /coins/markets} at this instant of the stand-in's clock. */
    public boolean refusesMarketsAt(Instant instant) {
        return outage(instant).isPresent();
    }

    public int pending() {
        return script.size();
    }

    /** Drops the scripted faults and the outages. */
    public void clear() {
        script.clear();
        keyScript.clear();
        outages.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every {@code /key} request so far, in order. */
    public List<Request> keyRequests() {
        return List.copyOf(keyRequests);
    }

    /** Ends every never-ending answer in progress (as a dropped connection). */
    public void releaseHeld() {
        CountDownLatch held = released;
        released = new CountDownLatch(1);
        held.countDown();
    }

    /**
     * Logs the request and plays the next scripted fault, if any.
     *
     * @return true when the fault answered the request; false when the stand-in must answer it normally
     */
    boolean apply(HttpExchange exchange) throws IOException {
        Optional<Fault> outage = exchange.getRequestURI().getPath().endsWith(MARKETS_PATH)
                ? outage(clock.instant()) : Optional.empty();
        Fault fault = outage.orElseGet(script::poll);
        return play(fault, exchange, requests);
    }

    /** Logs a {@code /key} request and plays the next fault scripted for {@code /key}, if any. */
    boolean applyKey(HttpExchange exchange) throws IOException {
        return play(keyScript.poll(), exchange, keyRequests);
    }

    private Optional<Fault> outage(Instant instant) {
        return outages.stream().filter(o -> !instant.isBefore(o.from()) && instant.isBefore(o.until()))
                .map(Outage::answer).findFirst();
    }

    private boolean play(Fault fault, HttpExchange exchange, List<Request> log) throws IOException {
        log.add(new Request(Instant.now(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("x-cg-demo-api-key"),
                exchange.getRequestHeaders().getFirst("x-cg-pro-api-key"),
                fault));
        if (fault == null) {
            return false;
        }
        if (fault instanceof Answer a) {
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            if (a.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", a.retryAfter());
            }
            exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return true;
        }
        if (fault instanceof Slow s) {
            awaitQuietly(new CountDownLatch(1), s.delay());
            return false;
        }
        if (fault instanceof BrokenBody) {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, 100_000);
            OutputStream out = exchange.getResponseBody();
            out.write("[{\"id\":\"bitcoin\",\"symbol\":\"btc\",\"na".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Closing short of the announced length makes the server drop the connection.
            exchange.close();
            return true;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, 0); // chunked: no length, so the client cannot know the end is missing
        OutputStream out = exchange.getResponseBody();
        out.write("[{\"id\":\"bitcoin\",".getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitQuietly(released, NEVER_ENDS_LIMIT);
        exchange.close();
        return true;
    }

    private static void awaitQuietly(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
