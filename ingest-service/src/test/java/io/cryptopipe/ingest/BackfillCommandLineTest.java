package io.cryptopipe.ingest;

import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.service.BackfillRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the backfill command line accepts and how it refuses the rest; the runs themselves: BackfillCommandTest. */
class BackfillCommandLineTest {

    private static final LocalDate TODAY = LocalDate.parse("2025-06-01");

    @Test
    void namedCoinsAreSplitOnCommasWithBlanksAndRepeatsDropped() {
        BackfillRequest request = BackfillCommandLine.request(TODAY, Plan.DEMO,
                "--coins", "bitcoin, ethereum,bitcoin,", "--from", "2025-01-01", "--to", "2025-01-31");

        assertThat(request.coins()).containsExactly("bitcoin", "ethereum");
        assertThat(request.byMarketCap()).isFalse();
    }

    @Test
    void incompleteOrMalformedCommandLinesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--coins", "bitcoin", "--from", "2025-01-01"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--to");
        assertThatThrownBy(() -> parse("--coins", "bitcoin", "--from", "01/01/2025", "--to", "2025-01-02"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--from")
                .hasMessageContaining("01/01/2025");
        assertThatThrownBy(() -> parse("--coins", "bitcoin", "--from", "2025-01-01", "--to", "2025-01-02",
                "--days", "10")).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--days");
        assertThatThrownBy(() -> parse("--coins", " , ", "--from", "2025-01-01", "--to", "2025-01-02"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--coins names no coin");
    }

    @Test
    void topAndCoinsTogetherNeitherOrATopBelowOneAreRefused() {
        assertThatThrownBy(() -> parse("--top", "3", "--coins", "bitcoin", "--from", "2025-01-01",
                "--to", "2025-01-31")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> parse("--from", "2025-01-01", "--to", "2025-01-31"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--coins")
                .hasMessageContaining("--top");
        for (String top : List.of("0", "-2")) {
            assertThatThrownBy(() -> parse("--top", top, "--from", "2025-01-01", "--to", "2025-01-31"))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessage("--top must be at least 1, was " + top);
        }
        assertThatThrownBy(() -> parse("--top", "ten", "--from", "2025-01-01", "--to", "2025-01-31"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'ten'");
    }

    @Test
    void aBadCommandLineExitsWithTheUsageCodeAndPrintsTheErrorAndTheUsage() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new BackfillCommand(null, null));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("--coins", "bitcoin", "--from", "2025-01-01");

        assertThat(exit).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(err.toString()).contains("--to", "Usage: backfill", "--coins=<id>", "--top=<N>");
    }

    @Test
    void helpListsEveryOptionAndTheExitCodesAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new BackfillCommand(null, null));
        commandLine.setOut(new PrintWriter(out, true));

        int exit = commandLine.execute("--help");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--coins=<id>", "--top=<N>", "--from=<YYYY-MM-DD>", "--to=<YYYY-MM-DD>",
                "Exit codes:", "2   The command line or the request was refused.");
    }

    private static BackfillRequest parse(String... args) {
        return BackfillCommandLine.request(TODAY, Plan.DEMO, args);
    }
}
