package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.MergeOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.model.CoinQuality;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static io.cryptopipe.contract.DailyFields.AVG_MARKET_CAP;
import static io.cryptopipe.contract.DailyFields.AVG_PRICE;
import static io.cryptopipe.contract.DailyFields.AVG_TOTAL_VOLUME;
import static io.cryptopipe.contract.DailyFields.CLOSE_PRICE;
import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.DATE;
import static io.cryptopipe.contract.DailyFields.FIRST_TIMESTAMP;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.LAST_TIMESTAMP;
import static io.cryptopipe.contract.DailyFields.LAST_TOTAL_VOLUME;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;
import static io.cryptopipe.contract.DailyFields.NAME;
import static io.cryptopipe.contract.DailyFields.OPEN_PRICE;
import static io.cryptopipe.contract.DailyFields.QUALITY;
import static io.cryptopipe.contract.DailyFields.SYMBOL;

/**
 * The daily pipeline as the job ran it before its memory was bounded, kept as the benchmark's baseline: one
 * {@code $group} per coin over the whole day, whose {@code $push} holds every observation time of the coin (86,400 at
 * 1-second data) for a {@code $reduce} to walk. Its statistics are the job's; its longest gap is exact also below
 * one expected interval. On a real server its {@code $group} holds every time of every coin at once, against
 * MongoDB's 100 MB limit per stage (all groups together) and a {@code $push} that cannot spill to disk.
 */
public final class PushPipeline {

    // Field names of market_data_raw documents.
    private static final String RAW_COIN_ID = "coin_id";
    private static final String RAW_TIMESTAMP = "timestamp";
    private static final String RAW_SYMBOL = "symbol";
    private static final String RAW_NAME = "name";
    private static final String RAW_PRICE = "current_price";
    private static final String RAW_TOTAL_VOLUME = "total_volume";
    private static final String RAW_MARKET_CAP = "market_cap";
    private static final String RAW_MARKET_CAP_RANK = "market_cap_rank";
    // Working fields between $group and $project, not stored.
    private static final String TIMES = "times";
    private static final String WALK = "walk";
    private static final String LAST = "last";
    private static final String GAP = "gap";
    private static final String SLOT = "slot";
    private static final String SLOTS = "slots";

    private PushPipeline() {
    }

    /**
     * @param day              the UTC day; observations with {@code timestamp} in [day 00:00Z, next day 00:00Z) count
     * @param dailyCollection  where the daily documents go, matched on ({@code coin_id}, {@code date}), which needs
     *                         a unique index on exactly those fields
     * @param expectedInterval the slot length of the coverage, between 1 ms and 1 day
     */
    public static List<Bson> forDay(LocalDate day, String dailyCollection, Duration expectedInterval) {
        long dayMillis = Duration.ofDays(1).toMillis();
        long interval = expectedInterval.toMillis();
        if (interval <= 0 || interval > dayMillis) {
            throw new IllegalArgumentException("expected interval must be between 1 ms and 1 day, was "
                    + expectedInterval);
        }
        Date start = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date end = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        // A last, shorter slot still counts when the interval does not divide the day.
        int expectedSlots = (int) ((dayMillis + interval - 1) / interval);
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
                        Accumulators.last(LAST_MARKET_CAP_RANK, field(RAW_MARKET_CAP_RANK)),
                        // In the order of the sort above, like $first and $last.
                        Accumulators.push(TIMES, new Document("$toLong", field(RAW_TIMESTAMP)))),
                Aggregates.addFields(new Field<>(WALK, walk(start.getTime(), interval))),
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
                        nullWhenMissing(LAST_MARKET_CAP_RANK),
                        Projections.computed(QUALITY, coverage(end.getTime(), interval, expectedSlots)))),
                Aggregates.merge(dailyCollection, new MergeOptions()
                        .uniqueIdentifier(List.of(COIN_ID, DATE))
                        .whenMatched(MergeOptions.WhenMatched.REPLACE)
                        .whenNotMatched(MergeOptions.WhenNotMatched.INSERT)));
    }

    /**
     * One walk over a coin's times in order: {@code last} (the latest time, day start before the first), {@code gap}
     * (the longest difference between neighbours, the first one counted from 00:00Z), {@code slot} (start of the
     * latest time's slot) and {@code slots} (distinct slots so far, which in time order is how often the slot
     * changed). Integer arithmetic only ({@code $mod}, not {@code $divide}), so slot boundaries are exact.
     */
    private static Document walk(long dayStart, long interval) {
        String time = "$$this";
        Document slotStart = new Document("$subtract", List.of(time,
                new Document("$mod", List.of(new Document("$subtract", List.of(time, dayStart)), interval))));
        return new Document("$reduce", new Document("input", field(TIMES))
                .append("initialValue", new Document(LAST, dayStart).append(GAP, 0L)
                        // Never a slot start, so the first time opens a slot.
                        .append(SLOT, dayStart - 1).append(SLOTS, 0))
                .append("in", new Document(LAST, time)
                        .append(GAP, new Document("$max", List.of("$$value." + GAP,
                                new Document("$subtract", List.of(time, "$$value." + LAST)))))
                        .append(SLOT, slotStart)
                        .append(SLOTS, new Document("$add", List.of("$$value." + SLOTS,
                                new Document("$cond", List.of(
                                        new Document("$eq", List.of(slotStart, "$$value." + SLOT)), 0, 1)))))));
    }

    /**
     * The coverage part of the {@code quality} sub-document ({@link io.cryptopipe.aggregate.model.CoinQuality}); the
     * job of that time added the price checks after the pipeline. The longest gap also counts from the last time to
     * the next 00:00Z.
     */
    private static Document coverage(long dayEnd, long interval, int expectedSlots) {
        String walk = field(WALK) + ".";
        return new Document(CoinQuality.EXPECTED_INTERVAL_SECONDS, new Document("$literal", interval / 1000.0))
                .append(CoinQuality.EXPECTED_OBSERVATIONS, new Document("$literal", expectedSlots))
                .append(CoinQuality.OBSERVATIONS, walk + SLOTS)
                .append(CoinQuality.COVERAGE, new Document("$divide", List.of(walk + SLOTS, expectedSlots)))
                .append(CoinQuality.LONGEST_GAP_SECONDS, new Document("$divide", List.of(
                        new Document("$max", List.of(walk + GAP,
                                new Document("$subtract", List.of(dayEnd, walk + LAST)))),
                        1000)));
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
