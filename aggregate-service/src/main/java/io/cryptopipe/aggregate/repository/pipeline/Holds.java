package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.Arrays;
import java.util.List;

/**
 * The step function both walks fold, {@link SlotWalk} inside a slot and {@link HoldWalk} across slots: each point's
 * price is held from its time until the next point's, each hold capped at the maximum hold, so that a price never
 * stands in for hours it was not seen. The fold's state is a document of the sums so far and the point last walked.
 */
final class Holds {

    /** Sum of price × milliseconds held, over holds of a point with a price. */
    static final String WEIGHTED = "w";
    /** Milliseconds held by points with a price: the time {@link #WEIGHTED} covers. */
    static final String PRICED_MILLIS = "s";
    /** Milliseconds held by repaired (not observed) points, priced or not. */
    static final String REPAIRED_MILLIS = "r";
    // The point last walked: its time (epoch ms), its price, whether it was observed.
    static final String TIME = "t";
    static final String PRICE = "p";
    static final String OBSERVED = "o";

    private Holds() {
    }

    /** A fold that starts from the given sums, with no point walked yet. */
    static Document start(Object weighted, Object pricedMillis, Object repairedMillis) {
        return new Document(WEIGHTED, weighted).append(PRICED_MILLIS, pricedMillis)
                .append(REPAIRED_MILLIS, repairedMillis)
                .append(TIME, null).append(PRICE, null).append(OBSERVED, true);
    }

    /**
     * The state {@code $$value} after a step: the last point's hold until {@code until} added, then the point
     * ({@code time}, {@code price}, {@code observed}) remembered as the last one.
     */
    static Document step(Object until, Object time, Object price, Object observed, long maxHoldMillis) {
        return added("$$value", until, maxHoldMillis).append(TIME, time).append(PRICE, price)
                .append(OBSERVED, observed);
    }

    /** The sums of {@code state} (a state document's path) with the last point's hold until {@code until} added. */
    static Document added(String state, Object until, long maxHoldMillis) {
        Document hold = new Document("$cond", Arrays.asList(
                new Document("$eq", Arrays.asList(state + "." + TIME, null)), 0L,
                new Document("$min", List.of(new Document("$subtract", List.of(until, state + "." + TIME)),
                        maxHoldMillis))));
        Document unpriced = new Document("$eq", Arrays.asList(state + "." + PRICE, null));
        return new Document(WEIGHTED, new Document("$add", List.of(state + "." + WEIGHTED,
                new Document("$cond", List.of(unpriced, 0.0,
                        new Document("$multiply", List.of(state + "." + PRICE, hold)))))))
                .append(PRICED_MILLIS, new Document("$add", List.of(state + "." + PRICED_MILLIS,
                        new Document("$cond", List.of(unpriced, 0L, hold)))))
                .append(REPAIRED_MILLIS, new Document("$add", List.of(state + "." + REPAIRED_MILLIS,
                        new Document("$cond", List.of(state + "." + OBSERVED, 0L, hold)))));
    }
}
