package io.cryptopipe.aggregate.command;

import com.mongodb.MongoException;
import io.cryptopipe.aggregate.metrics.RunReport;
import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.service.QualityCheck;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies the quality gate to the reports the job stored for UTC days, so that a scheduler can stop the pipeline
 * on bad data (exit code 3) without retrying, and retry on a technical failure (exit code 1). Reads only.
 */
@Command(name = "check", sortOptions = false,
        description = {"Applies the quality gate to the stored data-quality reports of UTC days; without options,",
                "yesterday (UTC). A day fails when it has no daily document, when a coin present the day before",
                "(or listed in aggregate.quality.required-coins) is missing, when a coin's prices are out of order",
                "or not positive, or when one of the day's aggregate.quality.top-n best ranked coins has a",
                "coverage, observed and repaired together, below aggregate.quality.min-coverage, or an observed",
                "coverage below aggregate.gate.min-observed-coverage."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":The quality gate passed for every day.",
                ExitCodes.QUALITY_GATE_FAILED + ":The quality gate failed (the data is bad, not the job); one line on "
                        + "stderr names the failing coins and reasons. Retrying does not help: fix or re-ingest the "
                        + "data, aggregate again.",
                ExitCodes.TECHNICAL_FAILURE + ":Technical failure (database unreachable, timeout); one line on "
                        + "stderr. Re-run.",
                DayCommand.USAGE_ERROR_LINE})
public class CheckCommand extends DayCommand {

    private static final Logger LOG = Logger.getLogger(CheckCommand.class);

    private final QualityCheck check;
    private final RunReport report;

    public CheckCommand(QualityCheck check, Clock clock, RunReport report) {
        super(clock);
        this.check = check;
        this.report = report;
    }

    @Override
    public Integer call() {
        List<LocalDate> selected = selectedDays();
        List<GateVerdict> failed = new ArrayList<>();
        LocalDate current = selected.get(0);
        try {
            for (LocalDate day : selected) {
                current = day;
                GateVerdict verdict = check.evaluate(day);
                report.checked(verdict);
                if (verdict.coins() == 0) {
                    LOG.infof("%s: quality gate failed: no daily documents", day);
                } else {
                    LOG.infof("%s: quality gate %s: %d coins, %s", day, verdict.passed() ? "passed" : "failed",
                            verdict.coins(), verdict.figures());
                }
                if (!verdict.passed()) {
                    failed.add(verdict);
                }
            }
        } catch (MongoException e) {
            LOG.debug("check failed", e);
            return fail(ExitCodes.TECHNICAL_FAILURE, "failed at " + current + ": " + DatabaseFailure.describe(e));
        }
        if (failed.isEmpty()) {
            return ExitCodes.OK;
        }
        return fail(ExitCodes.QUALITY_GATE_FAILED, failureLine(selected.size(), failed));
    }

    private static String failureLine(int days, List<GateVerdict> failed) {
        if (days == 1) {
            GateVerdict verdict = failed.get(0);
            return "quality gate failed for " + verdict.day() + ": " + verdict.describeFailures();
        }
        return "quality gate failed for " + failed.size() + " of " + days + " days: " + failed.stream()
                .map(verdict -> verdict.day() + ": " + verdict.describeFailures())
                .collect(Collectors.joining(" | "));
    }
}
