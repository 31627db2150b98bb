package io.cryptopipe.aggregate.service;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.MergeOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static io.cryptopipe.aggregate.model.DailyStatistics.AVG_MARKET_CAP;
import static io.cryptopipe.aggregate.model.DailyStatistics.AVG_PRICE;
import static io.cryptopipe.aggregate.model.DailyStatistics.AVG_TOTAL_VOLUME;
import static io.cryptopipe.aggregate.model.DailyStatistics.CLOSE_PRICE;
import static io.cryptopipe.aggregate.model.DailyStatistics.COIN_ID;
import static io.cryptopipe.aggregate.model.DailyStatistics.DATA_POINTS;
import static io.cryptopipe.aggregate.model.DailyStatistics.DATE;
import static io.cryptopipe.aggregate.model.DailyStatistics.FIRST_TIMESTAMP;
import static io.cryptopipe.aggregate.model.DailyStatistics.LAST_MARKET_CAP;
import static io.cryptopipe.aggregate.model.DailyStatistics.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.aggregate.model.DailyStatistics.LAST_TIMESTAMP;
import static io.cryptopipe.aggregate.model.DailyStatistics.LAST_TOTAL_VOLUME;
import static io.cryptopipe.aggregate.model.DailyStatistics.MAX_PRICE;
import static io.cryptopipe.aggregate.model.DailyStatistics.MIN_PRICE;
import static io.cryptopipe.aggregate.model.DailyStatistics.NAME;
import static io.cryptopipe.aggregate.model.DailyStatistics.OPEN_PRICE;
import static io.cryptopipe.aggregate.model.DailyStatistics.SYMBOL;

/**
 * The aggregation pipeline that turns one UTC day of raw observations into one daily document per coin, computed
 * and written by the database itself, so the job's memory does not grow with the number of observations.
 * <p>
 * Only stages and operators that real MongoDB 6+ and the wire-protocol test server evaluate the same way:
 * {@code $match}, {@code $sort}, {@code $group} ({@code $avg}, {@code $min}, {@code $max}, {@code $first},
 * {@code $last}, {@code $sum}), {@code $project} ({@code $literal}, {@code $ifNull}) and {@code $merge}.
 */
public final class DailyPipeline {

    // Field names of market_data_raw documents.
    private static final String RAW_COIN_ID = "coin_id";
    private static final String RAW_TIMESTAMP = "timestamp";
    private static final String RAW_SYMBOL = "symbol";
    private static final String RAW_NAME = "name";
    private static final String RAW_PRICE = "current_price";
    private static final String RAW_TOTAL_VOLUME = "total_volume";
    private static final String RAW_MARKET_CAP = "market_cap";
    private static final String RAW_MARKET_CAP_RANK = "market_cap_rank";

    private DailyPipeline() {
    }

    /**
     * @param day             the UTC day; observations with {@code timestamp} in [day 00:00Z, next day 00:00Z) count
     * @param dailyCollection where the daily documents go, matched on ({@code coin_id}, {@code date}), which needs
     *                        a unique index on exactly those fields
     */
    public static List<Bson> forDay(LocalDate day, String dailyCollection) {
        Date start = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date end = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return List.of(
                Aggregates.match(Filters.and(Filters.gte(RAW_TIMESTAMP, start), Filters.lt(RAW_TIMESTAMP, end))),
                // $first/$last are only defined by the order of their input: this sort makes them open and close.
                Aggregates.sort(Sorts.ascending(RAW_COIN_ID, RAW_TIMESTAMP)),
                Aggregates.group(field(RAW_COIN_ID),
                        Accumulators.last(SYMBOL, field(RAW_SYMBOL)),
                        Accumulators.last(NAME, field(RAW_NAME)),
                        Accumulators.avg(AVG_PRICE, field(RAW_PRICE)),
                        Accumulators.min(MIN_PRICE, field(RAW_PRICE)),
                        Accumulators.max(MAX_PRICE, field(RAW_PRICE)),
                        Accumulators.first(OPEN_PRICE, field(RAW_PRICE)),
                        Accumulators.last(CLOSE_PRICE, field(RAW_PRICE)),
                        Accumulators.sum(DATA_POINTS, 1),
                        Accumulators.first(FIRST_TIMESTAMP, field(RAW_TIMESTAMP)),
                        Accumulators.last(LAST_TIMESTAMP, field(RAW_TIMESTAMP)),
                        // $avg skips nulls and missing fields; it gives null only when the day had no value at all.
                        Accumulators.avg(AVG_TOTAL_VOLUME, field(RAW_TOTAL_VOLUME)),
                        Accumulators.last(LAST_TOTAL_VOLUME, field(RAW_TOTAL_VOLUME)),
                        Accumulators.avg(AVG_MARKET_CAP, field(RAW_MARKET_CAP)),
                        Accumulators.last(LAST_MARKET_CAP, field(RAW_MARKET_CAP)),
                        Accumulators.last(LAST_MARKET_CAP_RANK, field(RAW_MARKET_CAP_RANK))),
                // _id is dropped: $merge matches on (coin_id, date), and a replacement must not change the stored _id
                // (MongoDB rejects that), so a re-run keeps each document's _id.
                Aggregates.project(Projections.fields(
                        Projections.excludeId(),
                        Projections.computed(COIN_ID, "$_id"),
                        Projections.computed(DATE, new Document("$literal", day.toString())),
                        copied(SYMBOL), copied(NAME),
                        copied(AVG_PRICE), copied(MIN_PRICE), copied(MAX_PRICE), copied(OPEN_PRICE), copied(CLOSE_PRICE),
                        copied(DATA_POINTS), copied(FIRST_TIMESTAMP), copied(LAST_TIMESTAMP),
                        copied(AVG_TOTAL_VOLUME), nullWhenMissing(LAST_TOTAL_VOLUME),
                        copied(AVG_MARKET_CAP), nullWhenMissing(LAST_MARKET_CAP),
                        nullWhenMissing(LAST_MARKET_CAP_RANK))),
                Aggregates.merge(dailyCollection, new MergeOptions()
                        .uniqueIdentifier(List.of(COIN_ID, DATE))
                        .whenMatched(MergeOptions.WhenMatched.REPLACE)
                        .whenNotMatched(MergeOptions.WhenNotMatched.INSERT)));
    }

    private static String field(String name) {
        return "$" + name;
    }

    private static Bson copied(String name) {
        return Projections.computed(name, field(name));
    }

    // A raw document may lack the field rather than hold null; the daily document always has it, null or not.
    private static Bson nullWhenMissing(String name) {
        return Projections.computed(name, new Document("$ifNull", Arrays.asList(field(name), null)));
    }
}
