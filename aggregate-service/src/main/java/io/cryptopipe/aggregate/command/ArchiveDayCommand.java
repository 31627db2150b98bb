package io.cryptopipe.aggregate.command;

import com.mongodb.MongoException;
import io.cryptopipe.aggregate.archive.ArchiveFormatException;
import io.cryptopipe.aggregate.archive.ArchiveStore;
import io.cryptopipe.aggregate.archive.ArchiveStores;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * A command that works on the archive one UTC day at a time ({@code archive}, {@code restore}): the store is opened
 * once for the run, each day done prints its line, and the first failure stops the run with exit code 1.
 */
abstract class ArchiveDayCommand extends DayCommand {

    private final Logger log = Logger.getLogger(getClass());
    private final ArchiveStores stores;

    ArchiveDayCommand(ArchiveStores stores, Clock clock) {
        super(clock);
        this.stores = stores;
    }

    @Override
    public Integer call() {
        List<LocalDate> selected = selectedDays();
        int done = 0;
        try (ArchiveStore store = stores.open()) {
            for (LocalDate day : selected) {
                log.info(workOn(day, store));
                done++;
            }
            return afterDays(store);
        } catch (MongoException e) {
            return failed(selected, done, DatabaseFailure.describe(e), e);
        } catch (IOException | ArchiveFormatException | IllegalArgumentException e) {
            return failed(selected, done, e.getMessage(), e);
        }
    }

    /** Does the day's work; returns the day's line. */
    abstract String workOn(LocalDate day, ArchiveStore store) throws IOException;

    /** What follows once every day is done; returns the run's exit code. */
    int afterDays(ArchiveStore store) throws IOException {
        return ExitCodes.OK;
    }

    /** The failure line of {@link #afterDays}. */
    String afterDaysFailed(String reason) {
        return reason;
    }

    private int failed(List<LocalDate> selected, int done, String reason, Exception e) {
        log.debug("run failed", e);
        return fail(ExitCodes.TECHNICAL_FAILURE, done < selected.size() ? stoppedAt(selected, done, reason)
                : afterDaysFailed(reason));
    }
}
