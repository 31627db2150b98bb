package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawFields;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.Arrays;
import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.present;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.presentCount;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;

/**
 * Folds the observations of each (coin, slot) into one document: counts, sums, extremes, and the slot's first and
 * last observation, and the slot's points for {@link SlotWalk}, which folds them at once. From there on the pipeline
 * holds one document of a fixed size per slot with an observation, however often the coin was observed in it.
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
    // Points of the slot by source: observed (polled) and repaired (read from CoinGecko's history later).
    static final String OBSERVED_POINTS = "no";
    static final String REPAIRED_POINTS = "nr";
    /** The slot's points in time order, (time, price, observed), until {@link SlotWalk} folds them. */
    static final String POINTS = "pts";
    static final String OBSERVED = "o";
    static final String PRICED = "q";

    private SlotFold() {
    }

    static Bson stage(DayWindow day) {
        return Aggregates.group(
                new Document(COIN, field(RawFields.COIN_ID)).append(SLOT, day.slotOf(RawFields.TIMESTAMP)),
                Accumulators.sum(DATA_POINTS, 1),
                Accumulators.sum(OBSERVED_POINTS, new Document("$cond", List.of(observed(), 1, 0))),
                Accumulators.sum(REPAIRED_POINTS, new Document("$cond", List.of(observed(), 0, 1))),
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
                        .append(NAME_OF, field(RawFields.NAME))),
                // What the time-weighted price needs of each point: its hold ends at the next one, which only the
                // ordered points of the slot tell. SlotWalk folds them right after this stage.
                Accumulators.push(POINTS, new Document(TIME, new Document("$toLong", field(RawFields.TIMESTAMP)))
                        .append(PRICED, present(RawFields.CURRENT_PRICE))
                        .append(PRICE, new Document("$ifNull", List.of(field(RawFields.CURRENT_PRICE), 0.0)))
                        .append(OBSERVED, observed())));
    }

    /**
     * Whether the raw document was observed by a poll: {@code source} "poll", or no {@code source} at all (written
     * before sources existed, when every point was polled). "repair" and "backfill" came from CoinGecko's history.
     */
    static Document observed() {
        return new Document("$eq", List.of(new Document("$ifNull", Arrays.asList(field(RawFields.SOURCE),
                MarketRecord.SOURCE_POLL)), MarketRecord.SOURCE_POLL));
    }
}
