package io.cryptopipe.localstack;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Misbehaviour of the real API that a test can script on the CoinGecko stand-in: each queued {@link Fault} is
 * used by exactly one data request (in order), after which the stand-in answers normally again. Also keeps a
 * log of every data request, so a test can see when and with which headers the service called.
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

    private final Queue<Fault> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch released = new CountDownLatch(1);

    /** Appends faults for the next data requests. */
    public void script(Fault... faults) {
        script.addAll(List.of(faults));
    }

    public int pending() {
        return script.size();
    }

    public void clear() {
        script.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
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
        Fault fault = script.poll();
        requests.add(new Request(Instant.now(), exchange.getRequestURI().getPath(),
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
