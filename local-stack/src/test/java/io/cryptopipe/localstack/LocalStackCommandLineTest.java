package io.cryptopipe.localstack;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsEveryOptionAndEndsTheRunWithExitCodeZero() {
        assertThat(parse(new LocalStack.Arguments(), "--help")).isEqualTo(LocalStack.Arguments.OK);

        assertThat(out.toString()).contains("Usage: local-stack", "--data-dir=<dir>", "--kafka-port=<port>",
                "--mongo-port=<port>", "--coingecko-port=<port>", "--speed=<factor>", "--refresh-seconds=<s>",
                "--coins=<n>", "--rate-limit=<calls>", "--plan=<name>", "--monthly-credits=<calls>",
                "--credits-used=<calls>", "--markets-outage-after=<duration>", "--markets-outage-for=<duration>",
                "--help", "Exit codes:");
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
                {"--mongo-port"},
                {"--plan", "Analyst", "--monthly-credits", "500000"},
                {"--monthly-credits", "500000"},
                {"--markets-outage-after", "PT10M"},
                {"--markets-outage-after", "PT10M", "--markets-outage-for", "PT0S"},
                {"--markets-outage-for", "20 minutes", "--markets-outage-after", "PT1M"}};
        String[] expected = {"'ninety'", "--refresh-seconds must be at least 1", "--coins must be at least 1",
                "--no-such-option", "--mongo-port", "--plan needs --rate-limit and --monthly-credits",
                "--monthly-credits and --credits-used need --plan", "go together",
                "--markets-outage-for must be positive", "'20 minutes'"};
        for (int i = 0; i < refused.length; i++) {
            err.getBuffer().setLength(0);

            assertThat(parse(new LocalStack.Arguments(), refused[i])).as(String.join(" ", refused[i]))
                    .isEqualTo(LocalStack.Arguments.USAGE);
            assertThat(err.toString()).startsWith("local-stack: ").contains(expected[i], "Usage: local-stack");
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void thePlanAndTheOutageReachTheStandIn() {
        LocalStack.Arguments arguments = new LocalStack.Arguments();
        assertThat(parse(arguments, "--rate-limit", "500", "--plan", "Analyst", "--monthly-credits", "500000",
                "--credits-used", "1200", "--markets-outage-after", "PT10M", "--markets-outage-for", "PT20M"))
                .isEqualTo(LocalStack.Arguments.RUN);
        Instant started = Instant.parse("2026-11-25T09:00:00Z");
        CoinGeckoStandIn coingecko = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30),
                Clock.fixed(started, ZoneOffset.UTC), 250, arguments.rateLimit);

        arguments.applyTo(coingecko, started);

        assertThat(coingecko.plan()).isEqualTo(new StandInPlan("Analyst", 500, 500_000, 1200));
        assertThat(coingecko.callsThisMonth()).isEqualTo(1200);
        StandInFaults faults = coingecko.faults();
        assertThat(faults.refusesMarketsAt(started.plus(Duration.ofMinutes(10)).minusMillis(1))).isFalse();
        assertThat(faults.refusesMarketsAt(started.plus(Duration.ofMinutes(10)))).isTrue();
        assertThat(faults.refusesMarketsAt(started.plus(Duration.ofMinutes(30)).minusMillis(1))).isTrue();
        assertThat(faults.refusesMarketsAt(started.plus(Duration.ofMinutes(30)))).isFalse();
    }

    private int parse(LocalStack.Arguments arguments, String... args) {
        return arguments.parse(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
