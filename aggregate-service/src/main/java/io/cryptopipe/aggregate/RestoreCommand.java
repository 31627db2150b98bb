package io.cryptopipe.aggregate;

import com.mongodb.MongoException;
import io.cryptopipe.aggregate.archive.ArchiveFormatException;
import io.cryptopipe.aggregate.archive.ArchiveStore;
import io.cryptopipe.aggregate.archive.ArchiveStores;
import io.cryptopipe.aggregate.archive.DayRestorer;
import io.cryptopipe.aggregate.archive.DayRestorer.RestoreOutcome;
import io.cryptopipe.runtime.SharedNames;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** Reads archived UTC days back into a MongoDB collection, by default one beside the live raw collection. */
@Command(name = "restore", sortOptions = false,
        description = {"Reads archived UTC days back into MongoDB exactly as they were stored,",
                "into --into (by default <raw collection>_restored, so the live collection",
                "is never written by accident). An observation already in the collection",
                "is left as it is; without options, yesterday (UTC)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Every day was restored.",
                "1:Technical failure (database or store unreachable, no archive of a day, a file that does not match "
                        + "its manifest); one line on stderr.",
                DayCommand.USAGE_ERROR_LINE})
public class RestoreCommand extends DayCommand {

    private static final Logger LOG = Logger.getLogger(RestoreCommand.class);

    @Option(names = "--into", paramLabel = "COLLECTION",
            description = "Collection to restore into; default: the raw collection's name + _restored.")
    String into;

    private final DayRestorer restorer;
    private final ArchiveStores stores;
    private final SharedNames names;

    public RestoreCommand(DayRestorer restorer, ArchiveStores stores, SharedNames names, Clock clock) {
        super(clock);
        this.restorer = restorer;
        this.stores = stores;
        this.names = names;
    }

    @Override
    public Integer call() {
        List<LocalDate> selected = selectedDays();
        String collection = into == null ? names.collections().raw() + "_restored" : into;
        int done = 0;
        try (ArchiveStore store = stores.open()) {
            for (LocalDate day : selected) {
                RestoreOutcome outcome = restorer.restore(day, store, collection);
                LOG.info(outcome.line());
                done++;
            }
            return ExitCodes.OK;
        } catch (MongoException e) {
            LOG.debug("restore failed", e);
            return failed(selected, done, AggregateCommand.describe(e));
        } catch (IOException | ArchiveFormatException | IllegalArgumentException e) {
            LOG.debug("restore failed", e);
            return failed(selected, done, e.getMessage());
        }
    }

    private int failed(List<LocalDate> selected, int done, String reason) {
        return fail(ExitCodes.TECHNICAL_FAILURE, stoppedAt(selected, done, reason));
    }
}
