package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.metrics.RunReport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which days the options select, without Quarkus or a database. */
class AggregateCommandDaysTest {

    private static List<LocalDate> daysFor(Clock clock, String... args) {
        AggregateCommand command = new AggregateCommand(null, clock, new RunReport());
        // Outside CDI the subcommands need a hand: picocli's own factory only calls no-argument constructors.
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == CheckCommand.class) {
                    return type.cast(new CheckCommand(null, clock, new RunReport()));
                }
                if (type == ArchiveCommand.class) {
                    return type.cast(new ArchiveCommand(null, null, null, clock));
                }
                if (type == RestoreCommand.class) {
                    return type.cast(new RestoreCommand(null, null, clock));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        new CommandLine(command, factory).parseArgs(args);
        return command.selectedDays();
    }

    private static Clock at(String instant, ZoneId zone) {
        return Clock.fixed(Instant.parse(instant), zone);
    }

    @Test
    void withoutOptionsSelectsYesterdayInUtc() {
        assertThat(daysFor(at("2024-03-01T00:00:00Z", ZoneOffset.UTC))).containsExactly(LocalDate.of(2024, 2, 29));
        assertThat(daysFor(at("2024-03-01T23:59:59.999Z", ZoneOffset.UTC)))
                .containsExactly(LocalDate.of(2024, 2, 29));
    }

    @Test
    void yesterdayIsTheUtcYesterdayWhateverTheClockZone() {
        // 12:00Z on 1 March is already 2 March in Kiritimati (UTC+14) and still 1 March in Pago Pago (UTC-11).
        assertThat(daysFor(at("2024-03-01T12:00:00Z", ZoneId.of("Pacific/Kiritimati"))))
                .containsExactly(LocalDate.of(2024, 2, 29));
        assertThat(daysFor(at("2024-03-01T12:00:00Z", ZoneId.of("Pacific/Pago_Pago"))))
                .containsExactly(LocalDate.of(2024, 2, 29));
    }

    @Test
    void dateSelectsThatDayOnly() {
        assertThat(daysFor(Clock.systemUTC(), "--date", "2023-12-31")).containsExactly(LocalDate.of(2023, 12, 31));
    }

    @Test
    void rangeIncludesBothEndsInOrderAcrossMonthAndLeapDay() {
        assertThat(daysFor(Clock.systemUTC(), "--from", "2024-02-28", "--to", "2024-03-01"))
                .containsExactly(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1));
    }

    @Test
    void rangeOfOneDaySelectsThatDay() {
        assertThat(daysFor(Clock.systemUTC(), "--to", "2024-01-01", "--from", "2024-01-01"))
                .containsExactly(LocalDate.of(2024, 1, 1));
    }

    @Test
    void reversedRangeIsRejected() {
        assertThatThrownBy(() -> daysFor(Clock.systemUTC(), "--from", "2024-03-02", "--to", "2024-03-01"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--from 2024-03-02 is after --to 2024-03-01; a range runs forwards");
    }

    @Test
    void impossibleDateIsRejectedWithTheExpectedForm() {
        assertThatThrownBy(() -> daysFor(Clock.systemUTC(), "--date", "2023-02-29"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'2023-02-29' is not a day of the form YYYY-MM-DD");
    }

    @Test
    void dateAndRangeTogetherAreRejected() {
        assertThatThrownBy(() -> daysFor(Clock.systemUTC(), "--date", "2024-01-01", "--from", "2024-01-01",
                "--to", "2024-01-02"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void rangeNeedsBothEnds() {
        assertThatThrownBy(() -> daysFor(Clock.systemUTC(), "--from", "2024-01-01"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--to");
    }
}
