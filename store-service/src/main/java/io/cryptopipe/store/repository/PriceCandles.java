package io.cryptopipe.store.repository;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.store.model.PricePoint;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The aggregation that turns a coin's raw documents into one candle per epoch-aligned bucket, and the reading of its
 * answer. {@code $first}/{@code $last} after a {@code $sort} on the identity index's order give open and close: the
 * documented way on every MongoDB version (the wire server has it too), where {@code $top}/{@code $bottom} would need
 * 5.2 and are missing from the wire server.
 */
final class PriceCandles {

    /**
     * Sources read from CoinGecko's history after the fact; a document without {@code source} (stored before it was
     * written) or with any other counts as observed.
     */
    static final List<String> REPAIRED_SOURCES = List.of(MarketRecord.SOURCE_REPAIR, MarketRecord.SOURCE_BACKFILL);

    private PriceCandles() {
    }

    /**
     * The bucket is {@code ms - ms mod step} on {@code {$toLong: "$timestamp"}} (epoch milliseconds), which MongoDB
     * 4.0+ and the wire server evaluate alike; {@code $dateTrunc} would do the same on MongoDB 5+, but the wire
     * server lacks it. The sort is the {@code {coin_id, timestamp}} index's order, so MongoDB walks the index rather
     * than sorting, and {@code $group} holds one set of accumulators per bucket, not the bucket's documents.
     */
    static List<Bson> pipeline(String coinId, Instant from, Instant to, long stepMillis) {
        Document millis = new Document("$toLong", "$" + RawFields.TIMESTAMP);
        Document bucket = new Document("$subtract", List.of(millis, new Document("$mod", List.of(millis, stepMillis))));
        Document repaired = new Document("$cond", List.of(
                new Document("$in", List.of(new Document("$ifNull", List.of("$" + RawFields.SOURCE, "")),
                        REPAIRED_SOURCES)), 1, 0));
        return List.of(
                Aggregates.match(Filters.and(Filters.eq(RawFields.COIN_ID, coinId),
                        Filters.gte(RawFields.TIMESTAMP, Date.from(from)),
                        Filters.lt(RawFields.TIMESTAMP, Date.from(to)))),
                Aggregates.sort(Sorts.ascending(RawFields.COIN_ID, RawFields.TIMESTAMP)),
                Aggregates.project(new Document("_id", 0).append("price", "$" + RawFields.CURRENT_PRICE)
                        .append("bucket", bucket).append("repaired", repaired)),
                Aggregates.group("$bucket",
                        Accumulators.first("open", "$price"),
                        Accumulators.max("high", "$price"),
                        Accumulators.min("low", "$price"),
                        Accumulators.last("close", "$price"),
                        Accumulators.avg("avg", "$price"),
                        Accumulators.sum("count", 1),
                        Accumulators.sum("repaired", "$repaired")),
                Aggregates.sort(Sorts.ascending("_id")));
    }

    static PricePoint candle(Document bucket) {
        return new PricePoint(Instant.ofEpochMilli(((Number) bucket.get("_id")).longValue()), number(bucket, "open"),
                number(bucket, "high"), number(bucket, "low"), number(bucket, "close"), number(bucket, "avg"),
                ((Number) bucket.get("count")).intValue(), ((Number) bucket.get("repaired")).intValue());
    }

    private static double number(Document bucket, String field) {
        return ((Number) bucket.get(field)).doubleValue();
    }
}
