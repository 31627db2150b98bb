package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.List;

/**
 * The step function both walks fold, {@link SlotWalk} inside a slot and {@link HoldWalk} across slots: each point's
 * price is held from its time until the next point's, each hold capped at the maximum hold, so that a price never
 * stands in for hours it was not seen. The fold's state is a document of the sums so far and the point last walked.
 * It holds no null: {@code $push} and missing fields treat null differently on the servers the pipeline runs on, so a
 * missing price is a flag and a zero.
 */
final class Holds {

    /** Sum of price × milliseconds held, over holds of a point with a price. */
    static final String WEIGHTED = "w";
    /** Milliseconds held by points with a price: the time {@link #WEIGHTED} covers. */
    static final String PRICED_MILLIS = "s";
    /** Milliseconds held by repaired (not observed) points, priced or not. */
    static final String REPAIRED_MILLIS = "r";
    // The point last walked: whether there is one, its time (epoch ms), whether it has a price, the price (0 when
    // none), whether it was observed.
    static final String WALKED = "n";
    static final String TIME = "t";
    static final String PRICED = "q";
    static final String PRICE = "p";
    static final String OBSERVED = "o";

    private Holds() {
    }

    /** A fold that starts from the given sums, with no point walked yet. */
    static Document start(Object weighted, Object pricedMillis, Object repairedMillis) {
        return new Document(WEIGHTED, weighted).append(PRICED_MILLIS, pricedMillis)
                .append(REPAIRED_MILLIS, repairedMillis)
                .append(WALKED, false).append(TIME, 0L).append(PRICED, false).append(PRICE, 0.0)
                .append(OBSERVED, true);
    }

    /**
     * The state {@code $$value} after a step: the last point's hold until {@code until} added, then the point at
     * {@code time} remembered as the last one, with {@code priced}, {@code price} and {@code observed}.
     */
    static Document step(Object until, Object time, Object priced, Object price, Object observed,
            long maxHoldMillis) {
        return added("$$value", until, maxHoldMillis).append(WALKED, true).append(TIME, time).append(PRICED, priced)
                .append(PRICE, price).append(OBSERVED, observed);
    }

    /** The sums of {@code state} (a state document's path) with the last point's hold until {@code until} added. */
    static Document added(String state, Object until, long maxHoldMillis) {
        Document hold = new Document("$cond", List.of(state + "." + WALKED,
                new Document("$min", List.of(new Document("$subtract", List.of(until, state + "." + TIME)),
                        maxHoldMillis)), 0L));
        String priced = state + "." + PRICED;
        return new Document(WEIGHTED, new Document("$add", List.of(state + "." + WEIGHTED,
                new Document("$cond", List.of(priced,
                        new Document("$multiply", List.of(state + "." + PRICE, hold)), 0.0)))))
                .append(PRICED_MILLIS, new Document("$add", List.of(state + "." + PRICED_MILLIS,
                        new Document("$cond", List.of(priced, hold, 0L)))))
                .append(REPAIRED_MILLIS, new Document("$add", List.of(state + "." + REPAIRED_MILLIS,
                        new Document("$cond", List.of(state + "." + OBSERVED, 0L, hold)))));
    }
}
