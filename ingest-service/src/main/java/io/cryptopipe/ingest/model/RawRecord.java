package io.cryptopipe.ingest.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One element of a {@code /coins/markets} answer: the parsed tree the validator reads, and the exact text
 * CoinGecko sent, which is what a dead letter carries.
 */
public record RawRecord(JsonNode json, String text) {

    /** The coin id when the record names one as a string, for keys and log lines; null otherwise. */
    public String coinIdOrNull() {
        JsonNode id = json.get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }
}
