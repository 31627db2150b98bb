package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.List;

import static io.cryptopipe.aggregate.model.CoinQuality.COVERAGE;
import static io.cryptopipe.aggregate.model.CoinQuality.EXPECTED_INTERVAL_SECONDS;
import static io.cryptopipe.aggregate.model.CoinQuality.EXPECTED_OBSERVATIONS;
import static io.cryptopipe.aggregate.model.CoinQuality.LONGEST_GAP_SECONDS;
import static io.cryptopipe.aggregate.model.CoinQuality.OBSERVATIONS;
import static io.cryptopipe.aggregate.repository.pipeline.DayFold.SLOT_FIRSTS;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;

/**
 * How completely a coin was observed over the day, from its observation times alone: the share of the day's slots
 * holding an observation (several in one slot count once, so a burst cannot hide a silence) and the longest gap.
 */
final class Coverage {

    private Coverage() {
    }

    /** The coverage part of the {@code quality} sub-document ({@link io.cryptopipe.aggregate.model.CoinQuality}). */
    static Document figures(DayWindow day) {
        Document coveredSlots = new Document("$size", field(SLOT_FIRSTS));
        return new Document(EXPECTED_INTERVAL_SECONDS, new Document("$literal", day.intervalMillis() / 1000.0))
                .append(EXPECTED_OBSERVATIONS, new Document("$literal", day.expectedSlots()))
                .append(OBSERVATIONS, coveredSlots)
                .append(COVERAGE, new Document("$divide", List.of(coveredSlots, day.expectedSlots())))
                .append(LONGEST_GAP_SECONDS, GapWalk.longestGapSeconds(day));
    }
}
