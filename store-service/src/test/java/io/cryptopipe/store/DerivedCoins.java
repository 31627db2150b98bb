package io.cryptopipe.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The whole market at CoinGecko's size: the recorded coins plus synthetic ones derived from them, one latest
 * observation each, as the store writes them. Synthetic coins take the recorded coins' names and symbols with a
 * number ({@code bitcoin-x17}, {@code btc17}), ranks after the recorded ones up to {@value #LAST_RANK} (CoinGecko
 * ranks about that many coins by market cap) and no rank beyond, prices and market caps scaled down with the rank.
 */
public final class DerivedCoins {

    /** The last rank CoinGecko assigns; coins after it have a null rank. */
    public static final int LAST_RANK = 12_000;
    private static final Pattern SYNTHETIC_ID = Pattern.compile("-x[0-9]+$");

    private DerivedCoins() {
    }

    /**
     * Adds synthetic coins until {@code total} coins have observations.
     *
     * @return how many were added
     */
    public static int fill(MongoCollection<Document> raw, RecordedDay day, int total, Instant observedBefore) {
        List<Document> recorded = day.coinIds().stream().map(day::latest)
                .sorted(Comparator.comparing(d -> d.getInteger("market_cap_rank"),
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        int firstRank = recorded.stream().map(d -> d.getInteger("market_cap_rank")).filter(r -> r != null)
                .max(Integer::compare).orElse(0) + 1;
        Random random = new Random(15_000);
        int added = total - recorded.size();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < added; i++) {
            Document base = recorded.get(i % recorded.size());
            int rank = firstRank + i;
            double scale = Math.pow(0.9995, i + 1.0);
            Date observed = Date.from(observedBefore.minus(Duration.ofSeconds(random.nextInt(600))));
            Document doc = new Document("coin_id", base.getString("coin_id") + "-x" + i)
                    .append("timestamp", observed).append("fetched_at", observed).append("source", "poll")
                    .append("schema_version", 1)
                    .append("symbol", base.getString("symbol") + i)
                    .append("name", base.getString("name") + " " + i);
            for (String field : RecordedMarkets.NUMBER_FIELDS) {
                Object value = base.get(field);
                doc.append(field, value instanceof Number n ? n.doubleValue() * scale : null);
            }
            doc.append("price_change_percentage_24h", random.nextGaussian() * 5);
            doc.append("market_cap_rank", rank <= LAST_RANK ? rank : null);
            batch.add(doc);
            if (batch.size() == 1000) {
                raw.insertMany(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            raw.insertMany(batch);
        }
        return added;
    }

    public static void remove(MongoCollection<Document> raw) {
        raw.deleteMany(syntheticCoins());
    }

    private static Bson syntheticCoins() {
        return Filters.regex("coin_id", SYNTHETIC_ID);
    }
}
