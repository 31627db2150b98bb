package io.cryptopipe.aggregate.service;

import com.mongodb.client.AggregateIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.MergeOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.aggregate.model.CoinQuality;
import io.cryptopipe.contract.RawFields;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * The aggregation pipeline that turns one UTC day of raw observations of a range of coins into one daily document
 * per coin, computed and written by the database itself, so the job's memory does not grow with the number of
 * observations.
 * <p>
 * <b>Plan.</b> The {@code $match} bounds both fields of the unique identity index {@code {coin_id: 1, timestamp: 1}}
 * (a range of coin ids and the day) and the command hints that index, so the planner can choose neither a scan of
 * the whole index nor the {@code timestamp} index followed by a blocking sort of the whole day: the scan reads the
 * day's keys of the range's coins in {@code (coin_id, timestamp)} order, and the {@code $sort} that follows is
 * answered by the index instead of by sorting in memory.
 * <p>
 * <b>Memory.</b> Nothing in the pipeline grows with the number of observations. A first {@code $group} folds the
 * observations of each (coin, slot of the expected interval) into one document (count, sums, extremes, the first and
 * the last observation of the slot); a second, after sorting those by (coin, slot), folds each coin's slots into
 * its daily figures and pushes two numbers per slot (the slot's first and last time), which a {@code $reduce}
 * walks for coverage and gaps. MongoDB limits every blocking stage to 100 MB for all its groups together (not per
 * group), and {@code $push} cannot spill to disk: here the largest stage holds at most one document per
 * (coin of the range, slot of the day), 20 × 2,880 at the defaults, however often the coins were observed.
 * <p>
 * <b>Gap rule.</b> The walk sees each slot's first and last observation only. Every gap of at least one expected
 * interval runs between two slots (two observations in one slot are less than an interval apart), so the longest
 * gap is exact whenever it is at least one interval; a day whose longest gap is shorter reports the longest gap
 * between observations of different slots, which is also shorter than one interval (and may be smaller than the
 * true one). The statistics are the same as one {@code $group} per coin would give; the averages are sums of the
 * slots' sums divided by counts, so they may differ from a single {@code $avg} in the last bits.
 * <p>
 * Only stages and operators that real MongoDB 6.0–8.0 and the wire-protocol test server evaluate the same way:
 * {@code $match}, {@code $sort}, {@code $group} ({@code $sum}, {@code $min}, {@code $max}, {@code $first},
 * {@code $last}, {@code $push}), {@code $addFields} ({@code $reduce}, {@code $range}, {@code $size},
 * {@code $arrayElemAt}, {@code $toLong}, {@code $mod}, {@code $subtract}, {@code $max}), {@code $project}
 * ({@code $literal}, {@code $ifNull}, {@code $cond}, {@code $eq}, {@code $divide}) and {@code $merge}. The
 * wire-protocol server has no planner and ignores the hint; the sorts give it the same order.
 */
public final class DailyPipeline {

    /** The index the pipeline is planned on: store-service's unique identity index of the raw collection. */
    public static final Bson INDEX = Indexes.ascending(RawFields.COIN_ID, RawFields.TIMESTAMP);

    // Field names of the raw documents.
    private static final String RAW_COIN_ID = RawFields.COIN_ID;
    private static final String RAW_TIMESTAMP = RawFields.TIMESTAMP;
    private static final String RAW_SYMBOL = RawFields.SYMBOL;
    private static final String RAW_NAME = RawFields.NAME;
    private static final String RAW_PRICE = RawFields.CURRENT_PRICE;
    private static final String RAW_TOTAL_VOLUME = RawFields.TOTAL_VOLUME;
    private static final String RAW_MARKET_CAP = RawFields.MARKET_CAP;
    private static final String RAW_MARKET_CAP_RANK = RawFields.MARKET_CAP_RANK;
    // Working fields between the stages, never stored.
    private static final String COIN = "c";
    private static final String SLOT = "s";
    private static final String PRICES = "np";
    private static final String PRICE_SUM = "sp";
    private static final String VOLUMES = "nv";
    private static final String VOLUME_SUM = "sv";
    private static final String CAPS = "nc";
    private static final String CAP_SUM = "sc";
    private static final String FIRST = "f";
    private static final String LAST = "l";
    private static final String TIME = "t";
    private static final String PRICE = "p";
    private static final String VOLUME = "v";
    private static final String CAP = "m";
    private static final String RANK = "r";
    private static final String SYMBOL_OF = "y";
    private static final String NAME_OF = "n";
    private static final String SLOT_FIRSTS = "firsts";
    private static final String SLOT_LASTS = "lasts";
    private static final String WALK = "walk";
    private static final String GAP = "gap";
    private static final String PREVIOUS = "previous";

    private DailyPipeline() {
    }

    /**
     * The pipeline of one range of coins, with its hint and its options; the caller adds the time limit and runs
     * it with {@code toCollection()}.
     */
    public static AggregateIterable<Document> over(MongoCollection<Document> raw, LocalDate day,
            String dailyCollection, Duration expectedInterval, CoinIdRange coins) {
        return raw.aggregate(forCoins(day, dailyCollection, expectedInterval, coins))
                .hint(INDEX)
                // The (coin, slot) sort may spill where the server allows it (not on Atlas Free and Flex, which
                // ignore this option: there the range's size keeps every stage under the 100 MB).
                .allowDiskUse(true);
    }

    /**
     * @param day              the UTC day; observations with {@code timestamp} in [day 00:00Z, next day 00:00Z) count
     * @param dailyCollection  where the daily documents go, matched on ({@code coin_id}, {@code date}), which needs
     *                         a unique index on exactly those fields
     * @param expectedInterval the slot length of the coverage, between 1 ms and 1 day
     * @param coins            the coins whose days this run computes
     */
    public static List<Bson> forCoins(LocalDate day, String dailyCollection, Duration expectedInterval,
            CoinIdRange coins) {
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
        String coin = field("_id." + COIN);
        return List.of(
                Aggregates.match(bounds(coins, start, end)),
                // Answered by the hinted index. $first/$last are only defined by the order of their input: this sort
                // makes them a slot's (and so a day's) first and last observation.
                Aggregates.sort(Sorts.ascending(RAW_COIN_ID, RAW_TIMESTAMP)),
                Aggregates.group(new Document(COIN, field(RAW_COIN_ID))
                                .append(SLOT, slotStart(start.getTime(), interval)),
                        Accumulators.sum(DATA_POINTS, 1),
                        // $avg skips what is not a number; the counts below do the same for the sums.
                        Accumulators.sum(PRICES, numberCount(RAW_PRICE)),
                        Accumulators.sum(PRICE_SUM, field(RAW_PRICE)),
                        Accumulators.min(MIN_PRICE, field(RAW_PRICE)),
                        Accumulators.max(MAX_PRICE, field(RAW_PRICE)),
                        Accumulators.sum(VOLUMES, numberCount(RAW_TOTAL_VOLUME)),
                        Accumulators.sum(VOLUME_SUM, field(RAW_TOTAL_VOLUME)),
                        Accumulators.sum(CAPS, numberCount(RAW_MARKET_CAP)),
                        Accumulators.sum(CAP_SUM, field(RAW_MARKET_CAP)),
                        // One accumulator each for the first and the last observation: fewer per group, less memory.
                        Accumulators.first(FIRST, new Document(TIME, field(RAW_TIMESTAMP))
                                .append(PRICE, field(RAW_PRICE))),
                        Accumulators.last(LAST, new Document(TIME, field(RAW_TIMESTAMP))
                                .append(PRICE, field(RAW_PRICE))
                                .append(VOLUME, field(RAW_TOTAL_VOLUME))
                                .append(CAP, field(RAW_MARKET_CAP))
                                .append(RANK, field(RAW_MARKET_CAP_RANK))
                                .append(SYMBOL_OF, field(RAW_SYMBOL))
                                .append(NAME_OF, field(RAW_NAME)))),
                // $group's output has no order: the slots of each coin are put back in time order for $first, $last
                // and $push. At most one document per (coin of the range, slot).
                Aggregates.sort(Sorts.ascending("_id." + COIN, "_id." + SLOT)),
                Aggregates.group(coin,
                        Accumulators.sum(DATA_POINTS, field(DATA_POINTS)),
                        Accumulators.sum(PRICES, field(PRICES)),
                        Accumulators.sum(PRICE_SUM, field(PRICE_SUM)),
                        Accumulators.min(MIN_PRICE, field(MIN_PRICE)),
                        Accumulators.max(MAX_PRICE, field(MAX_PRICE)),
                        Accumulators.sum(VOLUMES, field(VOLUMES)),
                        Accumulators.sum(VOLUME_SUM, field(VOLUME_SUM)),
                        Accumulators.sum(CAPS, field(CAPS)),
                        Accumulators.sum(CAP_SUM, field(CAP_SUM)),
                        Accumulators.first(FIRST, field(FIRST)),
                        Accumulators.last(LAST, field(LAST)),
                        // Two numbers per slot with an observation, in slot order: bounded by the day's slots.
                        Accumulators.push(SLOT_FIRSTS, new Document("$toLong", field(FIRST + "." + TIME))),
                        Accumulators.push(SLOT_LASTS, new Document("$toLong", field(LAST + "." + TIME)))),
                Aggregates.addFields(new Field<>(WALK, walk(start.getTime()))),
                // _id is dropped: $merge matches on (coin_id, date), and a replacement must not change the stored _id
                // (MongoDB rejects that), so a re-run keeps each document's _id.
                Aggregates.project(Projections.fields(
                        Projections.excludeId(),
                        Projections.computed(COIN_ID, "$_id"),
                        Projections.computed(DATE, new Document("$literal", day.toString())),
                        Projections.computed(SYMBOL, nullWhenMissing(LAST + "." + SYMBOL_OF)),
                        Projections.computed(NAME, nullWhenMissing(LAST + "." + NAME_OF)),
                        Projections.computed(AVG_PRICE, average(PRICE_SUM, PRICES)),
                        Projections.computed(MIN_PRICE, nullWhenMissing(MIN_PRICE)),
                        Projections.computed(MAX_PRICE, nullWhenMissing(MAX_PRICE)),
                        Projections.computed(OPEN_PRICE, nullWhenMissing(FIRST + "." + PRICE)),
                        Projections.computed(CLOSE_PRICE, nullWhenMissing(LAST + "." + PRICE)),
                        Projections.computed(DATA_POINTS, field(DATA_POINTS)),
                        Projections.computed(FIRST_TIMESTAMP, field(FIRST + "." + TIME)),
                        Projections.computed(LAST_TIMESTAMP, field(LAST + "." + TIME)),
                        Projections.computed(AVG_TOTAL_VOLUME, average(VOLUME_SUM, VOLUMES)),
                        Projections.computed(LAST_TOTAL_VOLUME, nullWhenMissing(LAST + "." + VOLUME)),
                        Projections.computed(AVG_MARKET_CAP, average(CAP_SUM, CAPS)),
                        Projections.computed(LAST_MARKET_CAP, nullWhenMissing(LAST + "." + CAP)),
                        Projections.computed(LAST_MARKET_CAP_RANK, nullWhenMissing(LAST + "." + RANK)),
                        Projections.computed(QUALITY, coverage(end.getTime(), interval, expectedSlots)))),
                Aggregates.merge(dailyCollection, new MergeOptions()
                        .uniqueIdentifier(List.of(COIN_ID, DATE))
                        .whenMatched(MergeOptions.WhenMatched.REPLACE)
                        .whenNotMatched(MergeOptions.WhenNotMatched.INSERT)));
    }

    // Bounds on both fields of the index. The coin_id bounds are strings (coin ids are), so even the open-ended last
    // range is one interval of strings, not the whole index.
    private static Bson bounds(CoinIdRange coins, Date start, Date end) {
        List<Bson> bounds = new ArrayList<>(List.of(Filters.gte(RAW_COIN_ID, coins.from())));
        if (coins.until() != null) {
            bounds.add(Filters.lt(RAW_COIN_ID, coins.until()));
        }
        bounds.add(Filters.gte(RAW_TIMESTAMP, start));
        bounds.add(Filters.lt(RAW_TIMESTAMP, end));
        return Filters.and(bounds);
    }

    /** Start of the slot of the observation, in epoch milliseconds; integer arithmetic, so boundaries are exact. */
    private static Document slotStart(long dayStart, long interval) {
        Document time = new Document("$toLong", field(RAW_TIMESTAMP));
        return new Document("$subtract", List.of(time,
                new Document("$mod", List.of(new Document("$subtract", List.of(time, dayStart)), interval))));
    }

    // 1 when the field holds a value, 0 when it is null or missing.
    private static Document numberCount(String name) {
        return new Document("$cond", List.of(
                new Document("$eq", Arrays.asList(new Document("$ifNull", Arrays.asList(field(name), null)), null)),
                0, 1));
    }

    // What $avg gives: null when no observation had a value.
    private static Document average(String sum, String count) {
        return new Document("$cond", Arrays.asList(new Document("$eq", List.of(field(count), 0)), null,
                new Document("$divide", List.of(field(sum), field(count)))));
    }

    /**
     * One walk over a coin's slots in order: {@code gap}, the longest time from the last observation of a slot (or
     * 00:00Z) to the first observation of the next slot holding one, and {@code previous}, the last observation of
     * the latest slot walked.
     */
    private static Document walk(long dayStart) {
        Document slot = new Document("$arrayElemAt", List.of(field(SLOT_FIRSTS), "$$this"));
        return new Document("$reduce", new Document("input",
                new Document("$range", List.of(0, new Document("$size", field(SLOT_FIRSTS)))))
                .append("initialValue", new Document(GAP, 0L).append(PREVIOUS, dayStart))
                .append("in", new Document(GAP, new Document("$max", List.of("$$value." + GAP,
                                new Document("$subtract", List.of(slot, "$$value." + PREVIOUS)))))
                        .append(PREVIOUS, new Document("$arrayElemAt", List.of(field(SLOT_LASTS), "$$this")))));
    }

    /**
     * The coverage part of the {@code quality} sub-document ({@link io.cryptopipe.aggregate.model.CoinQuality});
     * the job adds the price checks. The longest gap also counts from the last time to the next 00:00Z.
     */
    private static Document coverage(long dayEnd, long interval, int expectedSlots) {
        Document coveredSlots = new Document("$size", field(SLOT_FIRSTS));
        return new Document(CoinQuality.EXPECTED_INTERVAL_SECONDS, new Document("$literal", interval / 1000.0))
                .append(CoinQuality.EXPECTED_OBSERVATIONS, new Document("$literal", expectedSlots))
                .append(CoinQuality.OBSERVATIONS, coveredSlots)
                .append(CoinQuality.COVERAGE, new Document("$divide", List.of(coveredSlots, expectedSlots)))
                .append(CoinQuality.LONGEST_GAP_SECONDS, new Document("$divide", List.of(
                        new Document("$max", List.of(field(WALK + "." + GAP),
                                new Document("$subtract", List.of(dayEnd, field(WALK + "." + PREVIOUS))))),
                        1000)));
    }

    private static String field(String name) {
        return "$" + name;
    }

    // A raw document may lack the field rather than hold null; the daily document always has it, null or not.
    private static Document nullWhenMissing(String name) {
        return new Document("$ifNull", Arrays.asList(field(name), null));
    }
}
