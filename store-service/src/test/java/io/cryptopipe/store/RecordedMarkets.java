package io.cryptopipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Market records as ingest-service would publish them, made from a recorded CoinGecko {@code /coins/markets}
 * response on the classpath: numbers and nulls exactly as CoinGecko sent them.
 */
public final class RecordedMarkets {

    public static final String[] NUMBER_FIELDS = {"current_price", "market_cap", "total_volume", "high_24h",
            "low_24h", "price_change_24h", "price_change_percentage_24h", "circulating_supply"};

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordedMarkets() {
    }

    /** @param file a file name under {@code coingecko/markets/} */
    public static List<ObjectNode> load(String file, Instant fetchedAt) {
        JsonNode coins;
        try (InputStream in = RecordedMarkets.class.getResourceAsStream("/coingecko/markets/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded response " + file);
            }
            coins = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode coin : coins) {
            ObjectNode record = MAPPER.createObjectNode();
            record.put("schema_version", 1);
            record.put("coin_id", coin.get("id").asText());
            record.put("symbol", coin.get("symbol").asText());
            record.put("name", coin.get("name").asText());
            record.put("timestamp", coin.get("last_updated").asText());
            record.put("fetched_at", fetchedAt.toString());
            record.put("source", "poll");
            record.set("market_cap_rank", coin.get("market_cap_rank"));
            for (String field : NUMBER_FIELDS) {
                record.set(field, coin.get(field));
            }
            records.add(record);
        }
        return records;
    }

    public static String json(ObjectNode record) {
        return record.toString();
    }
}
