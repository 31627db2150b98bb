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
 * the observations, and the pipeline holds at most one document per (coin of the range, slot of the day), however
 * often a coin was observed: {@link DayScan}, {@link SlotFold}, {@link DayFold}, {@link GapWalk},
 * {@link DailyDocumentShape}, {@link DailyMerge}. Every operator in it evaluates the same on real MongoDB and on the
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
            String dailyCollection, Duration expectedInterval, CoinIdRange coins) {
        return raw.aggregate(forCoins(day, dailyCollection, expectedInterval, coins))
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
     * @param coins            the coins whose days this pipeline computes
     */
    public static List<Bson> forCoins(LocalDate day, String dailyCollection, Duration expectedInterval,
            CoinIdRange coins) {
        DayWindow window = DayWindow.of(day, expectedInterval);
        List<Bson> stages = new ArrayList<>(DayScan.stages(window, coins));
        stages.add(SlotFold.stage(window));
        stages.addAll(DayFold.stages());
        stages.add(GapWalk.stage(window));
        stages.add(DailyDocumentShape.stage(window));
        stages.add(DailyMerge.stage(dailyCollection));
        return List.copyOf(stages);
    }
}
