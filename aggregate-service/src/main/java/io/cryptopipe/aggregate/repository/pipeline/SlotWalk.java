package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.OBSERVED;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.POINTS;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICE;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICED;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.TIME;

/**
 * Folds each slot's points, in time order, into the holds between them ({@link Holds}) and the slot's last point,
 * then drops the points: the slot's document is of a fixed size again before the day's sort and fold.
 */
final class SlotWalk {

    /** The slot's holds and its last point, a {@link Holds} state. */
    static final String HELD = "h";

    private SlotWalk() {
    }

    static List<Bson> stages(long maxHoldMillis) {
        String point = "$$this.";
        return List.of(
                Aggregates.addFields(new Field<>(HELD, new Document("$reduce",
                        new Document("input", field(POINTS))
                                .append("initialValue", Holds.start(0.0, 0L, 0L))
                                .append("in", Holds.step(point + TIME, point + TIME, point + PRICED,
                                        point + PRICE, point + OBSERVED, maxHoldMillis))))),
                Aggregates.unset(POINTS));
    }
}
