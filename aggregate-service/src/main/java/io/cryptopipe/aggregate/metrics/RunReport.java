package io.cryptopipe.aggregate.metrics;

import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.service.DaySummary;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * What the command of this run did, as far as its metrics tell: the commands report each day here and
 * {@link RunMetricsPush} pushes the totals when the command is done. One run of the job is one process.
 */
@ApplicationScoped
public class RunReport {

    private long coinsWritten;
    private long dataPoints;
    private boolean daysAggregated;
    private Boolean gatePassed;

    /** A day the job aggregated (and whose events the broker acknowledged). */
    public synchronized void aggregated(DaySummary day) {
        daysAggregated = true;
        coinsWritten += day.coins();
        dataPoints += day.dataPoints();
        if (day.quality() != null) {
            gate(day.quality());
        }
    }

    /** A day the quality gate judged. */
    public synchronized void checked(GateVerdict verdict) {
        gate(verdict);
    }

    private void gate(GateVerdict verdict) {
        gatePassed = (gatePassed == null || gatePassed) && verdict.passed();
    }

    /** What the run reported so far, read at once. */
    synchronized Totals totals() {
        return new Totals(daysAggregated, coinsWritten, dataPoints, Optional.ofNullable(gatePassed));
    }

    /**
     * @param aggregatedAny whether the run aggregated at least one day
     * @param coinsWritten  daily documents the run wrote, over all its days
     * @param dataPoints    raw observations the run's daily documents were computed from
     * @param gatePassed    whether every day the gate judged passed; empty when it judged none
     */
    record Totals(boolean aggregatedAny, long coinsWritten, long dataPoints, Optional<Boolean> gatePassed) {
    }
}
