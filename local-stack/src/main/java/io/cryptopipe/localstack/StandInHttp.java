package io.cryptopipe.localstack;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading a request and writing a JSON answer, the same way for every endpoint of the CoinGecko stand-in. */
final class StandInHttp {

    private StandInHttp() {
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
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

    /**
     * Refuses a request without {@code vs_currency=usd} as CoinGecko answers a missing currency (422); another
     * currency is refused too (400), as only USD was recorded and answering it under another would be wrong data.
     *
     * @return true when the request was refused (answered)
     */
    static boolean refusedCurrency(HttpExchange exchange, Map<String, String> query) throws IOException {
        String currency = query.get("vs_currency");
        if (currency == null || currency.isBlank()) {
            respond(exchange, 422, "{\"error\":\"Missing parameter vs_currency\"}");
            return true;
        }
        if (!currency.equalsIgnoreCase("usd")) {
            respond(exchange, 400, "{\"error\":\"invalid vs_currency\"}");
            return true;
        }
        return false;
    }

    /** CoinGecko's error envelope for its own error codes (rate limit, plan, outage). */
    static String statusError(int code, String message) {
        return "{\"status\":{\"error_code\":" + code + ",\"error_message\":\"" + message + "\"}}";
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
