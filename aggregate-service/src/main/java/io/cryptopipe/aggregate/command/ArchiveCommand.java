package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.archive.ArchiveOutcome;
import io.cryptopipe.aggregate.archive.ArchiveStore;
import io.cryptopipe.aggregate.archive.ArchiveStores;
import io.cryptopipe.aggregate.archive.DayArchiver;
import io.cryptopipe.aggregate.archive.RetentionCheck;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes UTC days of the raw collection to the archive ({@code aggregate.archive.target}) as Parquet with a manifest,
 * then checks that no raw day about to expire lacks an archive.
 */
@Command(name = "archive", sortOptions = false,
        description = {"Writes UTC days of the raw observations to the archive as one Parquet",
                "file per day with a manifest; without options, yesterday (UTC). Where:",
                "aggregate.archive.target (a folder or an S3 bucket). A day whose manifest",
                "matches the database is left as it is; a changed day becomes a new",
                "version and the old one is kept under history/. Then fails when a day",
                "that starts to expire (the raw collection's TTL) within",
                "aggregate.archive.expiry-margin has rows that no archive holds."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":Every day is archived (or had nothing to archive), and no day about to expire lacks "
                        + "its archive.",
                ExitCodes.QUALITY_GATE_FAILED + ":A raw day about to expire is not (fully) archived; one line on "
                        + "stderr names the days. Archive them.",
                ExitCodes.TECHNICAL_FAILURE + ":Technical failure (database or store unreachable, a document the "
                        + "archive cannot hold); one line on stderr. Re-run.",
                DayCommand.USAGE_ERROR_LINE})
public class ArchiveCommand extends ArchiveDayCommand {

    private final DayArchiver archiver;
    private final RetentionCheck retention;

    public ArchiveCommand(DayArchiver archiver, RetentionCheck retention, ArchiveStores stores, Clock clock) {
        super(stores, clock);
        this.archiver = archiver;
        this.retention = retention;
    }

    @Override
    String workOn(LocalDate day, ArchiveStore store) throws IOException {
        long started = System.nanoTime();
        ArchiveOutcome outcome = archiver.archive(day, store);
        return outcome.line() + " (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)";
    }

    @Override
    int afterDays(ArchiveStore store) throws IOException {
        Optional<String> atRisk = retention.unarchivedDaysAboutToExpire(store);
        if (atRisk.isPresent()) {
            return fail(ExitCodes.QUALITY_GATE_FAILED, atRisk.get());
        }
        return ExitCodes.OK;
    }

    @Override
    String afterDaysFailed(String reason) {
        return "retention check failed: " + reason;
    }
}
