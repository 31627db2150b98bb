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

    /** Whether the run aggregated at least one day. */
    synchronized boolean aggregatedAny() {
        return daysAggregated;
    }

    /** Daily documents the run wrote, over all its days. */
    synchronized long coinsWritten() {
        return coinsWritten;
    }

    /** Raw observations the run's daily documents were computed from. */
    synchronized long dataPoints() {
        return dataPoints;
    }

    /** Whether every day the gate judged passed; empty when it judged none. */
    synchronized Optional<Boolean> gatePassed() {
        return Optional.ofNullable(gatePassed);
    }
}
