package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import io.cryptopipe.contract.RawFields;
import org.bson.Document;
import org.bson.conversions.Bson;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.presentCount;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;

/**
 * Folds the observations of each (coin, slot) into one document: counts, sums, extremes, and the slot's first and
 * last observation. From here on the pipeline holds one document per slot with an observation, however often the
 * coin was observed in it.
 */
final class SlotFold {

    // The group key's fields.
    static final String COIN = "c";
    static final String SLOT = "s";
    // Counts and sums, so that the day's averages skip missing values as $avg does.
    static final String PRICES = "np";
    static final String PRICE_SUM = "sp";
    static final String VOLUMES = "nv";
    static final String VOLUME_SUM = "sv";
    static final String CAPS = "nc";
    static final String CAP_SUM = "sc";
    // The first and the last observation, and their fields.
    static final String FIRST = "f";
    static final String LAST = "l";
    static final String TIME = "t";
    static final String PRICE = "p";
    static final String VOLUME = "v";
    static final String CAP = "m";
    static final String RANK = "r";
    static final String SYMBOL_OF = "y";
    static final String NAME_OF = "n";

    private SlotFold() {
    }

    static Bson stage(DayWindow day) {
        return Aggregates.group(
                new Document(COIN, field(RawFields.COIN_ID)).append(SLOT, day.slotOf(RawFields.TIMESTAMP)),
                Accumulators.sum(DATA_POINTS, 1),
                Accumulators.sum(PRICES, presentCount(RawFields.CURRENT_PRICE)),
                Accumulators.sum(PRICE_SUM, field(RawFields.CURRENT_PRICE)),
                Accumulators.min(MIN_PRICE, field(RawFields.CURRENT_PRICE)),
                Accumulators.max(MAX_PRICE, field(RawFields.CURRENT_PRICE)),
                Accumulators.sum(VOLUMES, presentCount(RawFields.TOTAL_VOLUME)),
                Accumulators.sum(VOLUME_SUM, field(RawFields.TOTAL_VOLUME)),
                Accumulators.sum(CAPS, presentCount(RawFields.MARKET_CAP)),
                Accumulators.sum(CAP_SUM, field(RawFields.MARKET_CAP)),
                // One accumulator each for the first and the last observation: fewer per group, less memory.
                Accumulators.first(FIRST, new Document(TIME, field(RawFields.TIMESTAMP))
                        .append(PRICE, field(RawFields.CURRENT_PRICE))),
                Accumulators.last(LAST, new Document(TIME, field(RawFields.TIMESTAMP))
                        .append(PRICE, field(RawFields.CURRENT_PRICE))
                        .append(VOLUME, field(RawFields.TOTAL_VOLUME))
                        .append(CAP, field(RawFields.MARKET_CAP))
                        .append(RANK, field(RawFields.MARKET_CAP_RANK))
                        .append(SYMBOL_OF, field(RawFields.SYMBOL))
                        .append(NAME_OF, field(RawFields.NAME))));
    }
}
