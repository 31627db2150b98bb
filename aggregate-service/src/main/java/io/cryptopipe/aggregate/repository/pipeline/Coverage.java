package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.List;

import static io.cryptopipe.aggregate.model.CoinQuality.COVERAGE;
import static io.cryptopipe.aggregate.model.CoinQuality.EXPECTED_INTERVAL_SECONDS;
import static io.cryptopipe.aggregate.model.CoinQuality.EXPECTED_OBSERVATIONS;
import static io.cryptopipe.aggregate.model.CoinQuality.LONGEST_GAP_SECONDS;
import static io.cryptopipe.aggregate.model.CoinQuality.OBSERVATIONS;
import static io.cryptopipe.aggregate.model.CoinQuality.REPAIRED_COVERAGE;
import static io.cryptopipe.aggregate.model.CoinQuality.REPAIRED_POINTS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.OBSERVED_SLOTS;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;

/**
 * How completely a coin was observed over the day: the share of the day's slots holding an observed point (several in
 * one slot count once, so a burst cannot hide a silence); the share of the day held by repaired points (each until the
 * next point of any source, capped like the time-weighted price, so it never counts time an observed point holds) and
 * how many there were; the longest gap between points of any source, what is left after a repair.
 */
final class Coverage {

    private Coverage() {
    }

    /** The coverage part of the {@code quality} sub-document ({@link io.cryptopipe.aggregate.model.CoinQuality}). */
    static Document figures(DayWindow day) {
        String observedSlots = field(OBSERVED_SLOTS);
        return new Document(EXPECTED_INTERVAL_SECONDS, new Document("$literal", day.intervalMillis() / 1000.0))
                .append(EXPECTED_OBSERVATIONS, new Document("$literal", day.expectedSlots()))
                .append(OBSERVATIONS, observedSlots)
                .append(COVERAGE, new Document("$divide", List.of(observedSlots, day.expectedSlots())))
                .append(REPAIRED_COVERAGE, new Document("$divide", List.of(
                        field(HoldWalk.sum(Holds.REPAIRED_MILLIS)), day.endMillis() - day.startMillis())))
                .append(REPAIRED_POINTS, field(SlotFold.REPAIRED_POINTS))
                .append(LONGEST_GAP_SECONDS, GapWalk.longestGapSeconds(day));
    }
}
