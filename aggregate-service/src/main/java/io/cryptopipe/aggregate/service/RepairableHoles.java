package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.DayQualityReport;
import io.cryptopipe.aggregate.model.DayRepairs;
import io.cryptopipe.aggregate.model.GateFailure;
import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.model.Hole;
import io.cryptopipe.aggregate.repository.RawHoles;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Tells what a day's repairs did and whether a repair can still lift a failed gate: a day is repairable when every
 * failure is a coin's holes (its coverage with repairs counted, or a missing coin), every such coin has a hole, and
 * every hole ends late enough for CoinGecko's 5-minute history of the last 24 hours, by the job's clock, and the report
 * can list them all.
 */
@ApplicationScoped
public class RepairableHoles {

    private final RawHoles rawHoles;
    private final AggregateConfig.Gate gate;
    private final Clock clock;

    public RepairableHoles(RawHoles rawHoles, AggregateConfig config, Clock clock) {
        this.rawHoles = rawHoles;
        this.gate = config.gate();
        this.clock = clock;
    }

    /** @param missing the expected coins without a point on the day: each has one hole, the whole day */
    public DayRepairs of(LocalDate day, Collection<CoinDay> coins, Set<String> missing, GateVerdict verdict) {
        List<CoinDay> repaired = coins.stream()
                .filter(coin -> coin.quality() != null && coin.quality().repairedPoints() > 0).toList();
        int coinsRepaired = repaired.size();
        int repairedPoints = repaired.stream().mapToInt(coin -> coin.quality().repairedPoints()).sum();
        if (verdict.passed()) {
            return new DayRepairs(coinsRepaired, repairedPoints, List.of(), 0, false);
        }
        Set<String> holey = verdict.failures().stream().filter(GateFailure::holes).map(GateFailure::coinId)
                .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        // Only the observed coins are read from the raw collection (at most the gate's top N): a missing coin's hole
        // is known without a read, and a market's worth of missing coins would make that read scan the whole day.
        List<Hole> holes = new ArrayList<>(rawHoles.of(day,
                holey.stream().filter(coin -> !missing.contains(coin)).toList(), gate.holeMinGap()));
        holey.stream().filter(missing::contains).forEach(coin -> holes.add(Hole.wholeDay(coin, day)));
        holes.sort(Hole.ORDER);
        Set<String> withHoles = holes.stream().map(Hole::coinId).collect(Collectors.toSet());
        // The hole must end where /market_chart?days=1 still has 5-minute points when the repair fetches it.
        Instant earliestEnd = clock.instant().minus(gate.repairWindow()).plus(gate.repairMargin());
        // The repair fills the holes the report lists: a day with more is not repaired by it.
        boolean repairable = !holes.isEmpty() && holes.size() <= DayQualityReport.LISTED
                && verdict.failures().stream().allMatch(GateFailure::holes)
                && withHoles.containsAll(holey)
                && holes.stream().allMatch(hole -> hole.to().isAfter(earliestEnd));
        return new DayRepairs(coinsRepaired, repairedPoints,
                holes.subList(0, Math.min(holes.size(), DayQualityReport.LISTED)), holes.size(), repairable);
    }
}
