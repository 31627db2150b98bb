package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.archive.ArchiveStore;
import io.cryptopipe.aggregate.archive.ArchiveStores;
import io.cryptopipe.aggregate.archive.DayRestorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/** Reads archived UTC days back into a MongoDB collection, by default one beside the live raw collection. */
@Command(name = "restore", sortOptions = false,
        description = {"Reads archived UTC days back into MongoDB exactly as they were stored,",
                "into --into (by default <raw collection>_restored, so the live collection",
                "is never written by accident). An observation already in the collection",
                "is left as it is; without options, yesterday (UTC)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":Every day was restored.",
                ExitCodes.TECHNICAL_FAILURE + ":Technical failure (database or store unreachable, no archive of a "
                        + "day, a file that does not match its manifest); one line on stderr.",
                DayCommand.USAGE_ERROR_LINE})
public class RestoreCommand extends ArchiveDayCommand {

    @Option(names = "--into", paramLabel = "COLLECTION",
            description = "Collection to restore into; default: the raw collection's name + _restored.")
    String into;

    private final DayRestorer restorer;

    public RestoreCommand(DayRestorer restorer, ArchiveStores stores, Clock clock) {
        super(stores, clock);
        this.restorer = restorer;
    }

    @Override
    String workOn(LocalDate day, ArchiveStore store) throws IOException {
        return restorer.restore(day, store, Optional.ofNullable(into)).line();
    }
}
