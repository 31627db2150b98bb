package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_FIRSTS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_LASTS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_LAST_OBSERVED;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_LAST_PRICED;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_LAST_PRICES;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_PRICED_MILLIS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_REPAIRED_MILLIS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_WEIGHTED;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;

/**
 * Walks each coin's slots in order and adds the holds between them to those inside them ({@link SlotWalk}): the
 * last point of a slot holds until the first point of the next slot holding one, and the day's last point until
 * the next 00:00Z, each capped. The result, {@code held}, has the day's {@link Holds} sums: the time-weighted price
 * and the repaired coverage come from it.
 */
final class HoldWalk {

    static final String HELD = "held";

    private HoldWalk() {
    }

    static List<Bson> stages(DayWindow day, long maxHoldMillis) {
        return List.of(
                Aggregates.addFields(new Field<>(HELD, new Document("$reduce", new Document("input",
                        new Document("$range", List.of(0, new Document("$size", field(SLOT_FIRSTS)))))
                        .append("initialValue", Holds.start(field(SLOT_WEIGHTED), field(SLOT_PRICED_MILLIS),
                                field(SLOT_REPAIRED_MILLIS)))
                        .append("in", Holds.step(at(SLOT_FIRSTS), at(SLOT_LASTS), at(SLOT_LAST_PRICED),
                                at(SLOT_LAST_PRICES), at(SLOT_LAST_OBSERVED), maxHoldMillis))))),
                // The day's last point holds until the next 00:00Z at most.
                Aggregates.addFields(new Field<>(HELD, Holds.added(field(HELD), day.endMillis(), maxHoldMillis))));
    }

    /** The held sums' field, e.g. {@code held.s}. */
    static String sum(String name) {
        return HELD + "." + name;
    }

    private static Document at(String slots) {
        return new Document("$arrayElemAt", List.of(field(slots), "$$this"));
    }
}
