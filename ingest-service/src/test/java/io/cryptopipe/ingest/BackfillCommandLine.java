package io.cryptopipe.ingest;

import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.service.BackfillRequest;
import picocli.CommandLine;

import java.time.LocalDate;

/** The backfill command's options parsed by picocli as the jar parses them, without starting the application. */
public final class BackfillCommandLine {

    private BackfillCommandLine() {
    }

    /**
     * @throws CommandLine.ParameterException when picocli or the command refuses the command line
     * @throws BackfillRequest.Invalid when the request cannot be served
     */
    public static BackfillRequest request(LocalDate today, Plan plan, String... args) {
        BackfillCommand command = new BackfillCommand(null, null);
        new CommandLine(command).parseArgs(args);
        return command.request(today, plan);
    }
}
