package io.cryptopipe.aggregate;

import com.mongodb.MongoException;
import io.cryptopipe.aggregate.archive.ArchiveFormatException;
import io.cryptopipe.aggregate.archive.ArchiveOutcome;
import io.cryptopipe.aggregate.archive.ArchiveStore;
import io.cryptopipe.aggregate.archive.ArchiveStores;
import io.cryptopipe.aggregate.archive.DayArchiver;
import io.cryptopipe.aggregate.archive.RetentionCheck;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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
                "0:Every day is archived (or had nothing to archive), and no day about to expire lacks its archive.",
                "3:A raw day about to expire is not (fully) archived; one line on stderr names the days. Archive them.",
                "1:Technical failure (database or store unreachable, a document the archive cannot hold); one line "
                        + "on stderr. Re-run.",
                DayCommand.USAGE_ERROR_LINE})
public class ArchiveCommand extends DayCommand {

    private static final Logger LOG = Logger.getLogger(ArchiveCommand.class);

    private final DayArchiver archiver;
    private final RetentionCheck retention;
    private final ArchiveStores stores;

    public ArchiveCommand(DayArchiver archiver, RetentionCheck retention, ArchiveStores stores, Clock clock) {
        super(clock);
        this.archiver = archiver;
        this.retention = retention;
        this.stores = stores;
    }

    @Override
    public Integer call() {
        List<LocalDate> selected = selectedDays();
        int done = 0;
        try (ArchiveStore store = stores.open()) {
            for (LocalDate day : selected) {
                long started = System.nanoTime();
                ArchiveOutcome outcome = archiver.archive(day, store);
                LOG.infof("%s (%d ms)", outcome.line(), (System.nanoTime() - started) / 1_000_000);
                done++;
            }
            Optional<String> atRisk = retention.unarchivedDaysAboutToExpire(store);
            if (atRisk.isPresent()) {
                return fail(ExitCodes.QUALITY_GATE_FAILED, atRisk.get());
            }
            return ExitCodes.OK;
        } catch (MongoException e) {
            LOG.debug("archive failed", e);
            return failed(selected, done, AggregateCommand.describe(e));
        } catch (IOException | ArchiveFormatException | IllegalArgumentException e) {
            LOG.debug("archive failed", e);
            return failed(selected, done, e.getMessage());
        }
    }

    private int failed(List<LocalDate> selected, int done, String reason) {
        return fail(ExitCodes.TECHNICAL_FAILURE, done < selected.size() ? stoppedAt(selected, done, reason)
                : "retention check failed: " + reason);
    }
}
