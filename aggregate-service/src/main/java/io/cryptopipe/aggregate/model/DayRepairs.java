package io.cryptopipe.aggregate.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a day's report says about repairs: what was repaired, and what is left that a repair could fill.
 *
 * @param coinsRepaired  coins with at least one repaired point on the day
 * @param repairedPoints repaired points of the day, all coins
 * @param holes          the remaining holes of the coins failing the gate, at most {@link DayQualityReport#LISTED}
 * @param holesCount     all those holes, listed or not
 * @param repairable     the gate failed, and only on holes that CoinGecko's 5-minute history still covers
 */
public record DayRepairs(int coinsRepaired, int repairedPoints, List<Hole> holes, int holesCount,
        boolean repairable) {

    /** How many holes a log line names before it only counts the rest. */
    private static final int NAMED_HOLES = 20;

    public DayRepairs {
        holes = List.copyOf(holes);
    }

    /** The holes, the first {@value #NAMED_HOLES} named, for a one-line message. */
    public String describeHoles() {
        String named = holes.stream().limit(NAMED_HOLES).map(Hole::describe).collect(Collectors.joining(", "));
        int more = holesCount - Math.min(holes.size(), NAMED_HOLES);
        return holesCount + " hole(s): " + named + (more > 0 ? " and " + more + " more" : "");
    }
}
