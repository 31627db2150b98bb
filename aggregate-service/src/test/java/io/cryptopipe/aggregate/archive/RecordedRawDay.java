package io.cryptopipe.aggregate.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.localstack.RecordedPolls;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared recorded day (48 real CoinGecko polls of 2026-08-10, 250 coins each) as store-service stores it in
 * {@code market_data_raw}: one document per (coin_id, last_updated), the first poll that saw it winning, every field
 * present and nulls kept. {@link #shiftedTo} moves it to another day, for tests that need a day of their own.
 */
public final class RecordedRawDay {

    public static final LocalDate DAY = LocalDate.of(2026, 8, 10);

    private RecordedRawDay() {
    }

    public static List<Document> documents() {
        return shiftedTo(DAY);
    }

    public static List<Document> shiftedTo(LocalDate day) {
        Duration shift = Duration.ofDays(day.toEpochDay() - DAY.toEpochDay());
        Instant start = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plus(Duration.ofDays(1));
        Set<String> seen = new HashSet<>();
        List<Document> documents = new ArrayList<>();
        for (RecordedPolls.Poll poll : RecordedPolls.load(new ObjectMapper()).polls()) {
            for (JsonNode record : poll.records()) {
                if (record.path("last_updated").isNull() || record.path("current_price").isNull()) {
                    continue; // ingest dead-letters these
                }
                Instant timestamp = Instant.parse(record.get("last_updated").asText());
                if (timestamp.isBefore(start) || !timestamp.isBefore(end)
                        || !seen.add(record.get("id").asText() + "@" + timestamp)) {
                    continue;
                }
                documents.add(new Document("_id", new ObjectId())
                        .append("coin_id", record.get("id").asText())
                        .append("timestamp", Date.from(timestamp.plus(shift)))
                        .append("fetched_at", Date.from(poll.fetchedAt().plus(shift)))
                        .append("source", "poll")
                        .append("schema_version", 1)
                        .append("symbol", record.get("symbol").asText())
                        .append("name", record.get("name").asText())
                        .append("current_price", number(record, "current_price"))
                        .append("market_cap", number(record, "market_cap"))
                        .append("market_cap_rank", record.path("market_cap_rank").isNull() ? null
                                : record.get("market_cap_rank").asInt())
                        .append("total_volume", number(record, "total_volume"))
                        .append("high_24h", number(record, "high_24h"))
                        .append("low_24h", number(record, "low_24h"))
                        .append("price_change_24h", number(record, "price_change_24h"))
                        .append("price_change_percentage_24h", number(record, "price_change_percentage_24h"))
                        .append("circulating_supply", number(record, "circulating_supply")));
            }
        }
        return documents;
    }

    private static Double number(JsonNode record, String field) {
        JsonNode value = record.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asDouble();
    }
}
