package io.cryptopipe.ingest;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * Without arguments the service: it polls until stopped. With arguments a one-shot command of
 * {@link IngestCommand} (e.g. {@code backfill ...}, or {@code --help}), whose exit code is one of {@link ExitCodes}.
 */
@QuarkusMain
public class IngestMain implements QuarkusApplication {

    private final PicocliCommandLineFactory commandLines;

    IngestMain(PicocliCommandLineFactory commandLines) {
        this.commandLines = commandLines;
    }

    public static void main(String... args) {
        if (args.length > 0) {
            // Set before Quarkus reads its configuration: a command must not start polling next to itself.
            System.setProperty("ingest.poll.enabled", "false");
        }
        Quarkus.run(IngestMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return ExitCodes.OK;
        }
        return commandLines.create().setParameterExceptionHandler(IngestMain::refused).execute(args);
    }

    /** A refused command line: the error, picocli's suggestions if it has any, and always the usage. */
    private static int refused(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        commandLine.usage(err);
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }
}
