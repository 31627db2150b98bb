package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.AggregateIterable;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.aggregate.model.CoinIdRange;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregation that turns one UTC day of a range of coins' raw observations into their daily documents, complete
 * with their quality report, and writes each once. The database computes it, so the job's memory does not grow with
 * the observations, and past its first fold the pipeline holds at most one document of a fixed size per (coin of the
 * range, slot of the day), however often a coin was observed: {@link DayScan}, {@link SlotFold}, {@link SlotWalk},
 * {@link DayFold}, {@link GapWalk}, {@link HoldWalk}, {@link DailyDocumentShape}, {@link DailyMerge}. The one place
 * that holds a slot's points is the slot fold (time, price and source of each, for the time-weighted price: a point's
 * hold ends at the next point, and no operator of MongoDB 4.2, which the test server speaks, pairs neighbours without
 * holding them); at the expected interval that is one or two points per slot. Every operator in it evaluates the same on real MongoDB and on the
 * wire-protocol test server.
 */
public final class DailyPipeline {

    private DailyPipeline() {
    }

    /**
     * The pipeline of one range of coins over the raw collection, with its hint and options; {@code toCollection()}
     * runs it (iterating would also read its output back).
     */
    public static AggregateIterable<Document> over(MongoCollection<Document> raw, LocalDate day,
            String dailyCollection, Duration expectedInterval, Duration maxHold, CoinIdRange coins) {
        return raw.aggregate(forCoins(day, dailyCollection, expectedInterval, maxHold, coins))
                // The wire-protocol server has no planner and ignores the hint; the sorts give it the same order.
                .hint(DayScan.INDEX)
                // The (coin, slot) sort may spill where the server allows it (not on Atlas Free and Flex, which
                // ignore this option: there the range's size keeps every stage under the 100 MB).
                .allowDiskUse(true);
    }

    /**
     * @param day              the UTC day; observations with {@code timestamp} in [day 00:00Z, next day 00:00Z) count
     * @param dailyCollection  where the daily documents go, matched on ({@code coin_id}, {@code date}), which needs
     *                         a unique index on exactly those fields
     * @param expectedInterval the slot length of the coverage, between 1 ms and 1 day
     * @param maxHold          longest a point's price stands for the time after it, in the time-weighted price and
     *                         the repaired coverage; positive
     * @param coins            the coins whose days this pipeline computes
     */
    public static List<Bson> forCoins(LocalDate day, String dailyCollection, Duration expectedInterval,
            Duration maxHold, CoinIdRange coins) {
        DayWindow window = DayWindow.of(day, expectedInterval);
        if (maxHold.toMillis() <= 0) {
            throw new IllegalArgumentException("max hold must be positive, was " + maxHold);
        }
        List<Bson> stages = new ArrayList<>(DayScan.stages(window, coins));
        stages.add(SlotFold.stage(window));
        stages.addAll(SlotWalk.stages(maxHold.toMillis()));
        stages.addAll(DayFold.stages());
        stages.add(GapWalk.stage(window));
        stages.addAll(HoldWalk.stages(window, maxHold.toMillis()));
        stages.add(DailyDocumentShape.stage(window));
        stages.add(DailyMerge.stage(dailyCollection));
        return List.copyOf(stages);
    }
}
