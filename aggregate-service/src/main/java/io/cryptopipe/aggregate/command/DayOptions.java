package io.cryptopipe.aggregate.command;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** {@code --date D} or {@code --from D1 --to D2}, shared by every command; yesterday (UTC) without. */
public class DayOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Days days;

    static class Days {

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = UtcDayConverter.class,
                description = "The UTC day.")
        LocalDate date;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static class Range {

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = UtcDayConverter.class, required = true,
                description = "First UTC day of a range.")
        LocalDate from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = UtcDayConverter.class, required = true,
                description = "Last UTC day of the range (inclusive).")
        LocalDate to;
    }

    /** The days the options select, in order. */
    public List<LocalDate> selectedDays(Clock clock) {
        if (days == null) {
            return List.of(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1));
        }
        if (days.date != null) {
            return List.of(days.date);
        }
        LocalDate from = days.range.from;
        LocalDate to = days.range.to;
        if (from.isAfter(to)) {
            throw new ParameterException(command.commandLine(),
                    "--from " + from + " is after --to " + to + "; a range runs forwards");
        }
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
