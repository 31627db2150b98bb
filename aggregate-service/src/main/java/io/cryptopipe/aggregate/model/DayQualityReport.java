package io.cryptopipe.aggregate.model;

import org.bson.Document;

import java.time.LocalDate;
import java.util.List;

/**
 * The day-level data-quality report, stored in {@code market_data_quality} (one document per {@code date}).
 * <p>
 * The stored document lists at most {@value #LISTED} missing coins, {@value #LISTED} failures and {@value #LISTED}
 * holes, with their full counts ({@code missing_count}, {@code failure_count}, {@code holes_count}), so it stays a few hundred kilobytes, far from MongoDB's
 * 16 MB per document, whatever the size of the market (at 15,000 coins a bad day can miss thousands). Nothing is
 * lost by the cap: each coin's failures are in its daily document's {@code quality}, and the missing coins are the
 * expected ones (the coins of the day before plus the required ones) without a daily document on the day.
 *
 * @param coinsExpected coins that had a daily document the day before, plus the required coins
 * @param coinsObserved coins with at least one observation on the day (each got a daily document)
 * @param missing       expected coins without any observation on the day, sorted
 * @param verdict       the gate applied by the run that wrote the report, with that run's thresholds
 * @param repairs       what was repaired, and the holes left (read by ingest's {@code repair-day})
 */
public record DayQualityReport(LocalDate day, int coinsExpected, int coinsObserved, List<String> missing,
        GateVerdict verdict, DayRepairs repairs) {

    public static final String DATE = "date";
    public static final String COINS_EXPECTED = "coins_expected";
    public static final String COINS_OBSERVED = "coins_observed";
    public static final String MISSING = "missing";
    public static final String MISSING_COUNT = "missing_count";
    public static final String GATE_PASSED = "gate_passed";
    public static final String FAILURES = "failures";
    public static final String FAILURE_COUNT = "failure_count";
    public static final String COINS_REPAIRED = "coins_repaired";
    public static final String REPAIRED_POINTS = "repaired_points";
    public static final String HOLES = "holes";
    public static final String HOLES_COUNT = "holes_count";
    public static final String REPAIRABLE = "repairable";
    /** Most missing coins, and most failures, one stored report lists. */
    public static final int LISTED = 1_000;

    public DayQualityReport {
        missing = List.copyOf(missing);
    }

    public Document toDocument() {
        return new Document(DATE, day.toString())
                .append(COINS_EXPECTED, coinsExpected)
                .append(COINS_OBSERVED, coinsObserved)
                .append(MISSING, missing.stream().limit(LISTED).toList())
                .append(MISSING_COUNT, missing.size())
                .append(GATE_PASSED, verdict.passed())
                .append(FAILURES, verdict.failures().stream().limit(LISTED).map(GateFailure::toDocument).toList())
                .append(FAILURE_COUNT, verdict.failures().size())
                .append(COINS_REPAIRED, repairs.coinsRepaired())
                .append(REPAIRED_POINTS, repairs.repairedPoints())
                .append(HOLES, repairs.holes().stream().limit(LISTED).map(Hole::toDocument).toList())
                .append(HOLES_COUNT, repairs.holesCount())
                .append(REPAIRABLE, repairs.repairable());
    }
}
