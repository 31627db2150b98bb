package io.cryptopipe.aggregate.command;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage errors end the job with picocli's usage exit code 2 and one line on stderr, before any database access
 * (no database runs here).
 */
@QuarkusMainTest
class AggregateCommandUsageTest {

    @Test
    @Launch("--help")
    void helpDescribesTheOptions(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: aggregate-service", "--date", "--from", "--to");
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    @Launch("--help")
    void helpListsTheExitCodesAndTheCheckCommand(LaunchResult result) {
        assertThat(result.getOutput()).contains("Exit codes:", "Commands:", "check");
        assertThat(result.getOutput().lines().map(String::strip))
                .anyMatch(line -> line.startsWith("0 ")).anyMatch(line -> line.startsWith("1 "))
                .anyMatch(line -> line.startsWith("2 "));
    }

    @Test
    @Launch({"check", "--help"})
    void checkHelpListsItsExitCodesWithThreeForBadData(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: aggregate-service check", "--date", "--from", "--to",
                "Exit codes:");
        assertThat(result.getOutput().lines().map(String::strip))
                .anyMatch(line -> line.startsWith("3 ") && line.contains("quality gate failed"))
                .anyMatch(line -> line.startsWith("0 ")).anyMatch(line -> line.startsWith("1 "))
                .anyMatch(line -> line.startsWith("2 "));
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    @Launch("--help")
    void helpListsTheArchiveAndRestoreCommands(LaunchResult result) {
        assertThat(result.getOutput().lines().map(String::strip))
                .anyMatch(line -> line.startsWith("archive ")).anyMatch(line -> line.startsWith("restore "));
    }

    @Test
    @Launch({"archive", "--help"})
    void archiveHelpListsItsExitCodesWithThreeForADayAboutToExpireWithoutArchive(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: aggregate-service archive", "--date", "--from", "--to",
                "aggregate.archive.target", "Exit codes:");
        assertThat(result.getOutput().lines().map(String::strip))
                .anyMatch(line -> line.startsWith("3 ") && line.contains("about to expire"));
    }

    @Test
    @Launch({"restore", "--help"})
    void restoreHelpNamesItsTargetCollectionOption(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: aggregate-service restore", "--into=COLLECTION", "--date",
                "_restored");
    }

    /** {@code command} is the subcommand, empty for the top command. */
    @ParameterizedTest(name = "aggregate-service {0} --date {1}")
    @CsvSource({"'', 2024-02-30", "check, 2024-13-01", "restore, 2024-13-01"})
    void anImpossibleDateIsAUsageError(String command, String date, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(withCommand(command, "--date", date));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getErrorStream()).containsExactly(lineOf(command)
                + "Invalid value for option '--date': '" + date + "' is not a day of the form YYYY-MM-DD (see --help)");
    }

    @ParameterizedTest(name = "aggregate-service {0} --from 2024-03-12 --to 2024-03-10")
    @ValueSource(strings = {"", "check"})
    void aReversedRangeIsAUsageError(String command, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(withCommand(command, "--from", "2024-03-12", "--to", "2024-03-10"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getErrorStream()).containsExactly(lineOf(command)
                + "--from 2024-03-12 is after --to 2024-03-10; a range runs forwards (see --help)");
    }

    @Test
    @Launch(value = {"--date", "29/02/2024"}, exitCode = 2)
    void dateInAnotherFormIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).singleElement().asString()
                .contains("'29/02/2024' is not a day of the form YYYY-MM-DD");
    }

    @Test
    @Launch(value = {"--date", "2024-03-10", "--from", "2024-03-10", "--to", "2024-03-12"}, exitCode = 2)
    void dateTogetherWithRangeIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).singleElement().asString()
                .startsWith("aggregate-service: --date=YYYY-MM-DD and [--from=YYYY-MM-DD --to=YYYY-MM-DD] are mutually exclusive");
    }

    @Test
    @Launch(value = {"--from", "2024-03-10"}, exitCode = 2)
    void rangeWithoutItsEndIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).singleElement().asString()
                .isEqualTo("aggregate-service: Missing required argument(s): --to=YYYY-MM-DD (see --help)");
    }

    private static String[] withCommand(String command, String... options) {
        return command.isEmpty() ? options : Stream.concat(Stream.of(command), Arrays.stream(options))
                .toArray(String[]::new);
    }

    /** The start of the error line: the qualified command name. */
    private static String lineOf(String command) {
        return command.isEmpty() ? "aggregate-service: " : "aggregate-service " + command + ": ";
    }
}
