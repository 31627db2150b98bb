package io.cryptopipe.ingest;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The command line of the ingest-service jar. Without any argument the jar is the service ({@link IngestMain} does
 * not hand an empty command line to picocli); every command it knows is a subcommand.
 */
@TopCommand
@Command(name = "ingest-service", subcommands = {BackfillCommand.class, RepairDayCommand.class},
        description = "Without arguments: the service, which polls CoinGecko and publishes to market.raw until"
                + " stopped. With a command: that command, once.",
        exitCodeOnInvalidInput = ExitCodes.USAGE_ERROR, exitCodeOnExecutionException = ExitCodes.TECHNICAL_FAILURE)
public class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    boolean help;

    @Override
    public Integer call() {
        // Only reached with options but no command: the service itself takes no options.
        throw new ParameterException(spec.commandLine(), "name a command, or give no arguments to run the service");
    }
}
