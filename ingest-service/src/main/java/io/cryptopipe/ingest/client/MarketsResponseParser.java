package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.model.RawRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cryptopipe.ingest.client.CoinGeckoException.Kind.BAD_BODY;

/**
 * Turns one {@code /coins/markets} answer into its records, or into a {@link CoinGeckoException} whose message is
 * the one log line an operator needs: the status, and CoinGecko's own error message when it sent one.
 * <p>
 * Each record keeps the exact text it had in the body (sliced out by parser offsets), so a dead letter shows what
 * CoinGecko sent rather than a re-serialisation of it.
 */
public final class MarketsResponseParser {

    private static final int SNIPPET_LENGTH = 160;

    private final ObjectMapper mapper;

    public MarketsResponseParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<RawRecord> parse(int status, String contentType, String body) {
        String text = body == null ? "" : body;
        if (status < 200 || status > 299) {
            throw new CoinGeckoException(CoinGeckoException.Kind.ofStatus(status),
                    "HTTP " + status + ": " + errorMessage(text, contentType));
        }
        if (text.isBlank()) {
            throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with an empty body instead of a JSON array");
        }
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new CoinGeckoException(BAD_BODY,
                        "HTTP " + status + " with " + describeNonArray(text) + " instead of a JSON array");
            }
            List<RawRecord> records = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with a truncated JSON array");
                }
                int start = (int) parser.currentTokenLocation().getCharOffset();
                JsonNode record = mapper.readTree(parser);
                int end = (int) parser.currentLocation().getCharOffset();
                records.add(new RawRecord(record, text.substring(start, end)));
            }
            if (parser.nextToken() != null) {
                throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with content after the JSON array");
            }
            return records;
        } catch (JsonProcessingException e) {
            throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with a body that is not valid JSON ("
                    + e.getOriginalMessage() + ", content type " + contentType + "): " + snippet(text), e);
        } catch (IOException e) {
            // Reading from a String performs no I/O; a failure here is a bug, not a bad answer.
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON object answer (e.g. {@code /market_chart/range}), or the same clear failures as {@link #parse}. */
    public JsonNode parseObject(int status, String contentType, String body) {
        String text = body == null ? "" : body;
        if (status < 200 || status > 299) {
            throw new CoinGeckoException(CoinGeckoException.Kind.ofStatus(status),
                    "HTTP " + status + ": " + errorMessage(text, contentType));
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with a body that is not valid JSON ("
                    + e.getOriginalMessage() + ", content type " + contentType + "): " + snippet(text), e);
        }
        if (node == null || !node.isObject()) {
            throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with "
                    + (node == null ? "an empty body" : "a JSON " + node.getNodeType().name().toLowerCase())
                    + " instead of a JSON object");
        }
        Optional<String> error = coinGeckoError(node);
        if (error.isPresent()) {
            throw new CoinGeckoException(BAD_BODY, "HTTP " + status + " with an error: " + error.get());
        }
        return node;
    }

    private String describeNonArray(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return "a body that is not valid JSON (" + e.getOriginalMessage() + "): " + snippet(text);
        }
        return coinGeckoError(node)
                .map(message -> "an error: " + message)
                .orElseGet(() -> "a JSON " + node.getNodeType().name().toLowerCase() + ": " + snippet(text));
    }

    private String errorMessage(String text, String contentType) {
        try {
            return coinGeckoError(mapper.readTree(text)).orElseGet(() -> snippet(text));
        } catch (JsonProcessingException e) {
            return "(" + contentType + ") " + snippet(text);
        }
    }

    /**
     * CoinGecko's two error envelopes: {@code {"status":{"error_code":429,"error_message":"..."}}} (rate limit,
     * outages) and {@code {"error":"..."}} (bad parameters).
     */
    static Optional<String> coinGeckoError(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode message = node.path("status").path("error_message");
        if (message.isTextual()) {
            return Optional.of(message.asText().strip());
        }
        JsonNode error = node.get("error");
        if (error != null && !error.isNull()) {
            return Optional.of(error.isTextual() ? error.asText().strip() : error.toString());
        }
        return Optional.empty();
    }

    private static String snippet(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= SNIPPET_LENGTH ? oneLine : oneLine.substring(0, SNIPPET_LENGTH) + "...";
    }
}
