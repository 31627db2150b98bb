package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.MergeOptions;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATE;

/**
 * Writes each daily document into the daily collection, replacing the one of the same coin and day: a re-run
 * replaces the day's documents in place (same {@code _id}).
 */
final class DailyMerge {

    private DailyMerge() {
    }

    /** MongoDB requires a unique index on exactly ({@code coin_id}, {@code date}) in {@code dailyCollection}. */
    static Bson stage(String dailyCollection) {
        return Aggregates.merge(dailyCollection, new MergeOptions()
                .uniqueIdentifier(List.of(COIN_ID, DATE))
                .whenMatched(MergeOptions.WhenMatched.REPLACE)
                .whenNotMatched(MergeOptions.WhenNotMatched.INSERT));
    }
}
