package io.cryptopipe.localstack;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsEveryOptionAndEndsTheRunWithExitCodeZero() {
        assertThat(parse(new LocalStack.Arguments(), "--help")).isEqualTo(LocalStack.Arguments.OK);

        assertThat(out.toString()).contains("Usage: local-stack", "--data-dir=<dir>", "--kafka-port=<port>",
                "--mongo-port=<port>", "--coingecko-port=<port>", "--speed=<factor>", "--refresh-seconds=<s>",
                "--coins=<n>", "--rate-limit=<calls>", "--help", "Exit codes:");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void optionsAreReadAndTheRestKeepTheirDefaults() {
        LocalStack.Arguments arguments = new LocalStack.Arguments();

        assertThat(parse(arguments, "--data-dir", "/tmp/stack", "--kafka-port", "19092", "--speed", "600",
                "--refresh-seconds", "5")).isEqualTo(LocalStack.Arguments.RUN);

        assertThat(arguments.dataDir).isEqualTo(Path.of("/tmp/stack"));
        assertThat(arguments.kafkaPort).isEqualTo(19092);
        assertThat(arguments.speed).isEqualTo(600.0);
        assertThat(arguments.refreshSeconds).isEqualTo(5);
        assertThat(arguments.mongoPort).isEqualTo(27017);
        assertThat(arguments.coingeckoPort).isEqualTo(8089);
        assertThat(arguments.coins).isEqualTo(250);
        assertThat(arguments.rateLimit).isZero();
    }

    @Test
    void aRefusedCommandLineExitsWithTwoPrintingTheErrorAndTheUsage() {
        String[][] refused = {
                {"--kafka-port", "ninety"},
                {"--refresh-seconds", "0"},
                {"--coins", "0"},
                {"--no-such-option", "1"},
                {"--mongo-port"}};
        String[] expected = {"'ninety'", "--refresh-seconds must be at least 1", "--coins must be at least 1",
                "--no-such-option", "--mongo-port"};
        for (int i = 0; i < refused.length; i++) {
            err.getBuffer().setLength(0);

            assertThat(parse(new LocalStack.Arguments(), refused[i])).as(String.join(" ", refused[i]))
                    .isEqualTo(LocalStack.Arguments.USAGE);
            assertThat(err.toString()).startsWith("local-stack: ").contains(expected[i], "Usage: local-stack");
        }
        assertThat(out.toString()).isEmpty();
    }

    private int parse(LocalStack.Arguments arguments, String... args) {
        return arguments.parse(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
