package io.cryptopipe.aggregate;

import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw documents of one coin over one UTC day, one every 30 s from midnight (the job's expected interval), on
 * the exact second, with the silences and prices a test asks for.
 */
public final class RawCoinDay {

    private static final Duration STEP = Duration.ofSeconds(30);

    private final String coinId;
    private final int rank;
    private final LocalDate day;
    private final List<LocalTime[]> silences = new ArrayList<>();
    private final Map<LocalTime, Double> prices = new HashMap<>();

    private RawCoinDay(String coinId, int rank, LocalDate day) {
        this.coinId = coinId;
        this.rank = rank;
        this.day = day;
    }

    public static RawCoinDay of(String coinId, int rank, LocalDate day) {
        return new RawCoinDay(coinId, rank, day);
    }

    /** No observation from {@code from} (inclusive) to {@code until} (exclusive). */
    public RawCoinDay silentBetween(LocalTime from, LocalTime until) {
        silences.add(new LocalTime[] {from, until});
        return this;
    }

    /** The observation at {@code time} has this price instead of the usual one. */
    public RawCoinDay priceAt(LocalTime time, double price) {
        prices.put(time, price);
        return this;
    }

    public List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(1))); t = t.plus(STEP)) {
            LocalTime time = LocalTime.ofInstant(t, ZoneOffset.UTC);
            if (silences.stream().anyMatch(s -> !time.isBefore(s[0]) && time.isBefore(s[1]))) {
                continue;
            }
            double price = prices.getOrDefault(time, 100.0 * rank + Math.sin(time.toSecondOfDay() / 600.0));
            documents.add(new Document("coin_id", coinId)
                    .append("timestamp", Date.from(t))
                    .append("fetched_at", Date.from(t.plusSeconds(5)))
                    .append("source", "poll")
                    .append("schema_version", 1)
                    .append("symbol", coinId.substring(0, 3))
                    .append("name", coinId)
                    .append("current_price", price)
                    .append("market_cap", price * 1e7)
                    .append("market_cap_rank", rank)
                    .append("total_volume", price * 1e5)
                    .append("high_24h", null)
                    .append("low_24h", null)
                    .append("price_change_24h", null)
                    .append("price_change_percentage_24h", null)
                    .append("circulating_supply", 1e7));
        }
        return documents;
    }
}
