package io.cryptopipe.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cryptopipe.contract.MarketRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct observations made from a recorded CoinGecko response: the coins and values as CoinGecko sent them, one
 * round of all coins per {@code step} of observation time, as successive polls would see them.
 */
final class RecordedCoins {

    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final String RECORDED = "/coingecko/markets/markets-2025-11-02T1325Z-100.json";
    private static final String[] NUMBER_FIELDS = {"current_price", "market_cap", "total_volume", "high_24h",
            "low_24h", "price_change_24h", "price_change_percentage_24h", "circulating_supply"};

    private final List<ObjectNode> coins = load();
    private final Instant first;
    private final Duration step;

    RecordedCoins(Instant first, Duration step) {
        this.first = first;
        this.step = step;
    }

    int size() {
        return coins.size();
    }

    /** The {@code index}-th observation: a distinct (coin, timestamp) for every index. */
    ObjectNode observation(long index) {
        ObjectNode record = coins.get((int) (index % coins.size())).deepCopy();
        Instant observed = first.plus(step.multipliedBy(index / coins.size()));
        record.put("timestamp", observed.toString());
        record.put("fetched_at", observed.plusSeconds(7).toString());
        return record;
    }

    /** Any coin's record, for making poison out of it. */
    ObjectNode template(int n) {
        return coins.get(n % coins.size()).deepCopy();
    }

    static Identity identity(ObjectNode record) {
        return new Identity(record.get("coin_id").asText(), Instant.parse(record.get("timestamp").asText()));
    }

    /** The recorded coins that meet the contract, as ingest-service would have published them. */
    private static List<ObjectNode> load() {
        JsonNode response;
        try (InputStream in = RecordedCoins.class.getResourceAsStream(RECORDED)) {
            if (in == null) {
                throw new IllegalStateException("recorded response " + RECORDED + " not on the classpath");
            }
            response = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode coin : response) {
            ObjectNode record = MAPPER.createObjectNode();
            record.put("schema_version", MarketRecord.SCHEMA_VERSION);
            record.put("coin_id", coin.get("id").asText());
            record.put("symbol", coin.get("symbol").asText());
            record.put("name", coin.get("name").asText());
            record.put("timestamp", coin.get("last_updated").asText());
            record.put("fetched_at", coin.get("last_updated").asText());
            record.put("source", MarketRecord.SOURCE_POLL);
            record.set("market_cap_rank", coin.get("market_cap_rank"));
            for (String field : NUMBER_FIELDS) {
                record.set(field, coin.get(field));
            }
            try {
                if (MAPPER.treeToValue(record, MarketRecord.class).violation().isEmpty()) {
                    records.add(record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }
}
