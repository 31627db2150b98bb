package io.cryptopipe.aggregate.command;

import com.mongodb.MongoException;
import io.cryptopipe.aggregate.messaging.DailyEvents;
import io.cryptopipe.aggregate.messaging.EventDeliveryException;
import io.cryptopipe.aggregate.metrics.RunReport;
import io.cryptopipe.aggregate.service.DailyAggregation;
import io.cryptopipe.aggregate.service.DaySummary;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The daily job: computes the per-coin statistics and data-quality reports of UTC days from
 * {@code market_data_raw} into {@code market_data_daily} and {@code market_data_quality}, one day at a time, and
 * emits one {@code market.daily} event per coin and day. Exit code 0 with one summary line per day; otherwise
 * exactly one line on stderr and exit code 2 for a usage error, 1 for any other failure. Its subcommand
 * {@link CheckCommand check} applies the quality gate to what it stored.
 */
@TopCommand
@Command(name = "aggregate-service", sortOptions = false,
        subcommands = {CheckCommand.class, ArchiveCommand.class, RestoreCommand.class},
        description = {"Computes per-coin statistics of UTC days from the raw observations, with a data-quality",
                "report per coin and day, stores one document per coin and day, and sends each to Kafka",
                "(topic market.daily); without options, yesterday (UTC). Running a day again replaces its",
                "documents and its report, and sends its events again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":Every day was aggregated and its events acknowledged (whatever its data quality: see "
                        + "check).",
                ExitCodes.GATE_FAILED_REPAIRABLE + ":Every day was aggregated, and a day failed the quality gate only on "
                        + "holes a repair can still fill (listed in its report); one line on stderr names them. Repair "
                        + "the day (ingest repair-day), then aggregate it again.",
                ExitCodes.TECHNICAL_FAILURE + ":Technical failure (database or Kafka unreachable, timeout); one line "
                        + "on stderr. Re-run.",
                DayCommand.USAGE_ERROR_LINE})
public class AggregateCommand extends DayCommand {

    private static final Logger LOG = Logger.getLogger(AggregateCommand.class);

    private final DailyAggregation aggregation;
    private final RunReport report;

    public AggregateCommand(DailyAggregation aggregation, Clock clock, RunReport report) {
        super(clock);
        this.aggregation = aggregation;
        this.report = report;
    }

    @Override
    public Integer call() {
        List<LocalDate> selected = selectedDays();
        int done = 0;
        List<DaySummary> repairable = new ArrayList<>();
        try {
            // The database first: with it unreachable nothing else is worth trying.
            aggregation.prepare();
            try (DailyEvents events = aggregation.openEvents()) {
                for (LocalDate day : selected) {
                    DaySummary summary = aggregation.aggregate(day, events);
                    LOG.info(summary.line());
                    report.aggregated(summary);
                    if (summary.repairable()) {
                        repairable.add(summary);
                    }
                    done++;
                }
            }
            if (!repairable.isEmpty()) {
                return fail(ExitCodes.GATE_FAILED_REPAIRABLE, "quality gate failed on holes a repair can fill: "
                        + repairable.stream().map(day -> day.day() + ": " + day.repairs().describeHoles())
                        .collect(Collectors.joining(" | ")));
            }
            return ExitCodes.OK;
        } catch (MongoException e) {
            LOG.debug("aggregation failed", e);
            return failed(selected, done, DatabaseFailure.describe(e));
        } catch (EventDeliveryException e) {
            LOG.debug("events not delivered", e);
            return failed(selected, done, "Kafka: " + e.getMessage());
        }
    }

    private int failed(List<LocalDate> selected, int done, String reason) {
        return fail(ExitCodes.TECHNICAL_FAILURE, stoppedAt(selected, done, reason));
    }
}
