package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.contract.RawFields;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The first two stages: one coin range's observations of the day, read from the raw collection's identity index in
 * its order. Bounding both fields of the index lets the planner scan just the range's keys of the day, and the
 * {@code $sort} that follows is then answered by the index instead of by sorting in memory.
 */
final class DayScan {

    /** The index the pipeline is planned on: store-service's unique identity index of the raw collection. */
    static final Bson INDEX = Indexes.ascending(RawFields.COIN_ID, RawFields.TIMESTAMP);

    private DayScan() {
    }

    static List<Bson> stages(DayWindow day, CoinIdRange coins) {
        return List.of(Aggregates.match(bounds(day, coins)),
                // $first and $last are defined only by the order of their input: this sort makes them a slot's (and
                // so a day's) first and last observation.
                Aggregates.sort(Sorts.ascending(RawFields.COIN_ID, RawFields.TIMESTAMP)));
    }

    // The coin_id bounds are strings (coin ids are), so even the open-ended last range is one interval of strings,
    // not the whole index.
    private static Bson bounds(DayWindow day, CoinIdRange coins) {
        List<Bson> bounds = new ArrayList<>(List.of(Filters.gte(RawFields.COIN_ID, coins.from())));
        if (coins.until() != null) {
            bounds.add(Filters.lt(RawFields.COIN_ID, coins.until()));
        }
        bounds.add(Filters.gte(RawFields.TIMESTAMP, day.start()));
        bounds.add(Filters.lt(RawFields.TIMESTAMP, day.end()));
        return Filters.and(bounds);
    }
}
