package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.ingest.model.RawRecord;

/**
 * A coin a repair job fetches the history of, with the symbol and name its last polled record had: the history
 * endpoints give only prices, market caps and volumes, and a repaired record carries the coin's names like any other.
 */
public record RepairCoin(String id, String symbol, String name) {

    /** The coin of a polled {@code /coins/markets} record; null when the record names no coin. */
    static RepairCoin of(RawRecord record) {
        String id = record.coinIdOrNull();
        if (id == null) {
            return null;
        }
        return new RepairCoin(id, record.json().path("symbol").asText(null), record.json().path("name").asText(null));
    }

    /** The coin as the {@code /coins/markets} record the chart reader takes its names from. */
    RawRecord asMarketsRecord() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("symbol", symbol);
        json.put("name", name);
        return new RawRecord(json, json.toString());
    }
}
