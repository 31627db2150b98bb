package io.cryptopipe.aggregate.command;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every command of the job shares: the UTC days it works on ({@link DayOptions}), {@code --help}, and its
 * failure as one line on stderr ({@link OneLineErrors}). Picocli reads the annotated fields of this superclass too.
 */
abstract class DayCommand implements Callable<Integer> {

    /** The exit code list's last line, the same for every command. */
    static final String USAGE_ERROR_LINE = ExitCodes.USAGE_ERROR + ":Usage error; one line on stderr.";

    @Spec
    CommandSpec spec;

    @Mixin
    DayOptions days;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    boolean help;

    private final Clock clock;

    DayCommand(Clock clock) {
        this.clock = clock;
    }

    /** The days the options select, in order. */
    List<LocalDate> selectedDays() {
        return days.selectedDays(clock);
    }

    /** Prints {@code line} as the run's single error line and returns {@code exitCode}. */
    int fail(int exitCode, String line) {
        OneLineErrors.print(spec.commandLine(), line);
        return exitCode;
    }

    /** The line of a run that stopped at {@code selected.get(done)}. */
    static String stoppedAt(List<LocalDate> selected, int done, String reason) {
        return "failed at " + selected.get(done) + " after " + done + " of " + selected.size() + " day(s) done: "
                + reason;
    }
}
