package io.cryptopipe.aggregate.model;

import org.bson.Document;

import java.time.LocalDate;
import java.util.List;

/**
 * The day-level data-quality report, stored in {@code market_data_quality} (one document per {@code date}).
 *
 * @param coinsExpected coins that had a daily document the day before, plus the required coins
 * @param coinsObserved coins with at least one observation on the day (each got a daily document)
 * @param missing       expected coins without any observation on the day, sorted
 * @param verdict       the gate applied by the run that wrote the report, with that run's thresholds
 */
public record DayQualityReport(LocalDate day, int coinsExpected, int coinsObserved, List<String> missing,
        GateVerdict verdict) {

    public static final String DATE = "date";
    public static final String COINS_EXPECTED = "coins_expected";
    public static final String COINS_OBSERVED = "coins_observed";
    public static final String MISSING = "missing";
    public static final String GATE_PASSED = "gate_passed";
    public static final String FAILURES = "failures";

    public DayQualityReport {
        missing = List.copyOf(missing);
    }

    public Document toDocument() {
        return new Document(DATE, day.toString())
                .append(COINS_EXPECTED, coinsExpected)
                .append(COINS_OBSERVED, coinsObserved)
                .append(MISSING, missing)
                .append(GATE_PASSED, verdict.passed())
                .append(FAILURES, verdict.failures().stream().map(GateFailure::toDocument).toList());
    }
}
