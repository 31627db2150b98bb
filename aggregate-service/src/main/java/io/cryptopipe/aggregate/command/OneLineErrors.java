package io.cryptopipe.aggregate.command;

import org.jboss.logging.Logger;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Reports a failed run as exactly one line on stderr, which is what a scheduler shows as the task's error,
 * instead of picocli's usage help or a stack trace, with the job's exit code for it ({@link ExitCodes}).
 */
public final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(OneLineErrors.class);

    /** Prints {@code message} as the run's single error line. */
    public static void print(CommandLine commandLine, String message) {
        // "aggregate-service check: …" for the subcommand, so the line says which of the two commands failed.
        String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(command + ": " + message.replaceAll("\\R+", " "));
        commandLine.getErr().flush();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        // Picocli starts some messages with "Error: "; the line already says it is one.
        print(commandLine, e.getMessage().replaceFirst("^Error: ", "") + " (see --help)");
        return ExitCodes.USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        // The stack trace goes to the log (stdout) for whoever debugs it; stderr keeps its one line.
        LOG.error("run failed unexpectedly", e);
        print(commandLine, "unexpected failure: " + e);
        return ExitCodes.TECHNICAL_FAILURE;
    }
}
