package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_FIRSTS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_LASTS;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;

/**
 * Walks each coin's slots in order for its longest time without an observation, from 00:00Z to the next 00:00Z.
 * The walk sees a slot's first and last observation only: every gap of at least one expected interval runs between
 * two slots, so the longest gap is exact whenever it is at least one interval.
 */
final class GapWalk {

    static final String WALK = "walk";
    private static final String GAP = "gap";
    private static final String PREVIOUS = "previous";

    private GapWalk() {
    }

    /**
     * {@code walk.gap}, the longest time from the last observation of a slot (or 00:00Z) to the first observation of
     * the next slot holding one, and {@code walk.previous}, the last observation of the latest slot walked.
     */
    static Bson stage(DayWindow day) {
        Document slot = new Document("$arrayElemAt", List.of(field(SLOT_FIRSTS), "$$this"));
        return Aggregates.addFields(new Field<>(WALK, new Document("$reduce", new Document("input",
                new Document("$range", List.of(0, new Document("$size", field(SLOT_FIRSTS)))))
                .append("initialValue", new Document(GAP, 0L).append(PREVIOUS, day.startMillis()))
                .append("in", new Document(GAP, new Document("$max", List.of("$$value." + GAP,
                                new Document("$subtract", List.of(slot, "$$value." + PREVIOUS)))))
                        .append(PREVIOUS, new Document("$arrayElemAt", List.of(field(SLOT_LASTS), "$$this")))))));
    }

    /** The longest gap in seconds, the one from the last observation to the next 00:00Z included. */
    static Document longestGapSeconds(DayWindow day) {
        return new Document("$divide", List.of(
                new Document("$max", List.of(field(WALK + "." + GAP),
                        new Document("$subtract", List.of(day.endMillis(), field(WALK + "." + PREVIOUS))))),
                1000));
    }
}
