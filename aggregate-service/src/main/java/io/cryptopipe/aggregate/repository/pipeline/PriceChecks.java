package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.present;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.FIRST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.LAST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICE;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;

/**
 * The checks on a coin's day prices, from the figures of {@link DayFold}. Comparisons order null below every number,
 * so each price is first required to be present.
 */
final class PriceChecks {

    private static final String OPEN = FIRST + "." + PRICE;
    private static final String CLOSE = LAST + "." + PRICE;

    private PriceChecks() {
    }

    /** {@code min <= open, close <= max}, all four present. */
    static Document orderingOk() {
        return new Document("$and", List.of(present(OPEN), present(CLOSE), present(MIN_PRICE), present(MAX_PRICE),
                lte(MIN_PRICE, OPEN), lte(MIN_PRICE, CLOSE), lte(OPEN, MAX_PRICE), lte(CLOSE, MAX_PRICE)));
    }

    /** Every price of the day above zero: the smallest is exactly when all are ({@code $min} skips no number). */
    static Document pricesPositive() {
        return new Document("$and", List.of(present(MIN_PRICE), new Document("$gt", List.of(field(MIN_PRICE), 0))));
    }

    private static Document lte(String smaller, String larger) {
        return new Document("$lte", List.of(field(smaller), field(larger)));
    }
}
