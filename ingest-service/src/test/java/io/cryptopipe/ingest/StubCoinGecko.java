package io.cryptopipe.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port that answers {@code /api/v3/coins/markets} with whatever the test sets,
 * and remembers what it was asked.
 */
public final class StubCoinGecko implements AutoCloseable {

    /** What the stub sends back. */
    public record Answer(int status, String contentType, String body) {
    }

    /** What the service sent. */
    public record Request(String query, String userAgent, String apiKey) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer answer;
    private HttpServer server;
    private ExecutorService executor;

    public StubCoinGecko(Answer initial) {
        this.answer = initial;
    }

    public StubCoinGecko start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/api/v3/coins/markets", this::markets);
        server.start();
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
    }

    public void answer(Answer next) {
        answer = next;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void markets(HttpExchange exchange) throws IOException {
        requests.add(new Request(exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("x-cg-demo-api-key")));
        Answer current = answer;
        byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", current.contentType());
        exchange.sendResponseHeaders(current.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
