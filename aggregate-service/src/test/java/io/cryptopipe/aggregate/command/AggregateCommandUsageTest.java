package io.cryptopipe.aggregate.command;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

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

    @Test
    @Launch(value = {"restore", "--date", "2024-13-01"}, exitCode = 2)
    void restoreWithAnImpossibleDateIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).containsExactly(
                "aggregate-service restore: Invalid value for option '--date': '2024-13-01' is not a day of the form "
                        + "YYYY-MM-DD (see --help)");
    }

    @Test
    @Launch(value = {"check", "--date", "2024-13-01"}, exitCode = 2)
    void checkWithAnImpossibleDateIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).containsExactly(
                "aggregate-service check: Invalid value for option '--date': '2024-13-01' is not a day of the form "
                        + "YYYY-MM-DD (see --help)");
    }

    @Test
    @Launch(value = {"check", "--from", "2024-03-12", "--to", "2024-03-10"}, exitCode = 2)
    void checkWithAReversedRangeIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).containsExactly("aggregate-service check: --from 2024-03-12 is after "
                + "--to 2024-03-10; a range runs forwards (see --help)");
    }

    @Test
    @Launch(value = {"--date", "2024-02-30"}, exitCode = 2)
    void impossibleDateIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).containsExactly(
                "aggregate-service: Invalid value for option '--date': '2024-02-30' is not a day of the form "
                        + "YYYY-MM-DD (see --help)");
    }

    @Test
    @Launch(value = {"--date", "29/02/2024"}, exitCode = 2)
    void dateInAnotherFormIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).singleElement().asString()
                .contains("'29/02/2024' is not a day of the form YYYY-MM-DD");
    }

    @Test
    @Launch(value = {"--from", "2024-03-12", "--to", "2024-03-10"}, exitCode = 2)
    void reversedRangeIsAUsageError(LaunchResult result) {
        assertThat(result.getErrorStream()).containsExactly(
                "aggregate-service: --from 2024-03-12 is after --to 2024-03-10; a range runs forwards (see --help)");
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
}
