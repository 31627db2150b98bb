package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.CAPS;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.CAP_SUM;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.COIN;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.FIRST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.LAST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.OBSERVED_POINTS;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.REPAIRED_POINTS;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICES;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICE_SUM;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.SLOT;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.TIME;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.VOLUMES;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.VOLUME_SUM;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;

/**
 * Folds each coin's slots, in time order, into its day: the sums, extremes, first and last observation of
 * {@link SlotFold} once more, the sums of {@link SlotWalk}'s holds, and the first and last time (with the last price and
 * source) of every slot with a point, for {@link GapWalk} and {@link HoldWalk}.
 */
final class DayFold {

    /** Each slot's first observation time (epoch ms), in slot order. */
    static final String SLOT_FIRSTS = "firsts";
    /** Each slot's last observation time (epoch ms), in slot order. */
    static final String SLOT_LASTS = "lasts";
    /** Each slot's last price (0 when it has none), in slot order. */
    static final String SLOT_LAST_PRICES = "lastp";
    /** Whether each slot's last point has a price, in slot order. */
    static final String SLOT_LAST_PRICED = "lastq";
    /** Whether each slot's last point was observed, in slot order. */
    static final String SLOT_LAST_OBSERVED = "lasto";
    /** Slots holding at least one observed point: the observed coverage's count. */
    static final String OBSERVED_SLOTS = "os";
    // The day's sums of the holds inside its slots (Holds).
    static final String SLOT_WEIGHTED = "iw";
    static final String SLOT_PRICED_MILLIS = "is";
    static final String SLOT_REPAIRED_MILLIS = "ir";

    private DayFold() {
    }

    static List<Bson> stages() {
        return List.of(
                // $group's output has no order: the slots of each coin are put back in time order for $first, $last
                // and $push. At most one document per (coin of the range, slot).
                Aggregates.sort(Sorts.ascending("_id." + COIN, "_id." + SLOT)),
                Aggregates.group(field("_id." + COIN),
                        Accumulators.sum(DATA_POINTS, field(DATA_POINTS)),
                        Accumulators.sum(OBSERVED_SLOTS, new Document("$cond",
                                List.of(new Document("$gt", List.of(field(OBSERVED_POINTS), 0)), 1, 0))),
                        Accumulators.sum(REPAIRED_POINTS, field(REPAIRED_POINTS)),
                        Accumulators.sum(SLOT_WEIGHTED, field(held(Holds.WEIGHTED))),
                        Accumulators.sum(SLOT_PRICED_MILLIS, field(held(Holds.PRICED_MILLIS))),
                        Accumulators.sum(SLOT_REPAIRED_MILLIS, field(held(Holds.REPAIRED_MILLIS))),
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
                        // A few values per slot with a point: bounded by the day's slots.
                        Accumulators.push(SLOT_FIRSTS, new Document("$toLong", field(FIRST + "." + TIME))),
                        Accumulators.push(SLOT_LASTS, new Document("$toLong", field(LAST + "." + TIME))),
                        Accumulators.push(SLOT_LAST_PRICED, field(held(Holds.PRICED))),
                        Accumulators.push(SLOT_LAST_PRICES, field(held(Holds.PRICE))),
                        Accumulators.push(SLOT_LAST_OBSERVED, field(held(Holds.OBSERVED)))));
    }

    private static String held(String name) {
        return SlotWalk.HELD + "." + name;
    }
}
