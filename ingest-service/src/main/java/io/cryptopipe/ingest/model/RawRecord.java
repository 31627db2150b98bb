package io.cryptopipe.ingest.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.RawField;

/**
 * One element of a CoinGecko answer (a {@code /coins/markets} record or a {@code market_chart} point): the parsed
 * tree the reader reads, and the exact text CoinGecko sent, which is what a dead letter carries.
 */
public record RawRecord(JsonNode json, String text) {

    private static final String ID = RawField.COIN_ID.marketsName().orElseThrow();

    /** The coin id when the record names one as a string, for keys and log lines; null otherwise. */
    public String coinIdOrNull() {
        JsonNode id = json == null ? null : json.get(ID);
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }
}
