package io.cryptopipe.aggregate.metrics;

import io.cryptopipe.aggregate.command.ExitCodes;
import io.cryptopipe.aggregate.config.PushgatewayConfig;
import io.cryptopipe.aggregate.metrics.PushgatewayClient.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command picocli selected, then pushes the run's metrics to the Pushgateway when
 * {@code aggregate.pushgateway.url} is set, grouped by job and command (so a failed {@code check} never overwrites
 * what the {@code aggregate} run pushed). The exit code is the command's, whatever the push does: a failed push is
 * one log line. Usage errors never reach a command and are not pushed; neither is {@code --help}.
 */
@ApplicationScoped
public class RunMetricsPush implements IExecutionStrategy {

    /** The {@code command} label of the top command, the daily aggregation itself. */
    static final String AGGREGATE = "aggregate";

    private static final Logger LOG = Logger.getLogger(RunMetricsPush.class);

    private final PushgatewayConfig config;
    private final PushgatewayClient client;
    private final RunReport report;
    private final Clock clock;

    RunMetricsPush(PushgatewayConfig config, PushgatewayClient client, RunReport report, Clock clock) {
        this.config = config;
        this.client = client;
        this.report = report;
        this.clock = clock;
    }

    @Override
    public int execute(ParseResult parseResult) {
        IExecutionStrategy command = new CommandLine.RunLast();
        if (config.url().isEmpty() || helpRequested(parseResult)) {
            return command.execute(parseResult);
        }
        Instant started = clock.instant();
        int exitCode;
        try {
            exitCode = command.execute(parseResult);
        } catch (CommandLine.ParameterException e) {
            // Options the command itself refused (--from after --to): a usage error, not a run.
            throw e;
        } catch (RuntimeException e) {
            // The execution-exception handler turns it into exit code 1: the run failed.
            push(config.url().get(), commandName(parseResult), started, ExitCodes.TECHNICAL_FAILURE);
            throw e;
        }
        push(config.url().get(), commandName(parseResult), started, exitCode);
        return exitCode;
    }

    private void push(URI gateway, String command, Instant started, int exitCode) {
        Instant finished = clock.instant();
        Map<String, Gauge> gauges = new LinkedHashMap<>();
        gauges.put("aggregate_job_last_exit_code", new Gauge(exitCode,
                "Exit code of the last run of the command (0 ok, 1 technical failure, 3 quality gate failed)"));
        gauges.put("aggregate_job_duration_seconds", new Gauge(
                Duration.between(started, finished).toMillis() / 1000.0, "Duration of the last run of the command"));
        gauges.put("aggregate_job_last_run_timestamp_seconds", new Gauge(
                finished.toEpochMilli() / 1000.0, "When the last run of the command finished, in Unix seconds"));
        if (exitCode == ExitCodes.OK) {
            // Only on success: a failed run leaves the previous success in the gateway (POST keeps what it omits).
            gauges.put("aggregate_job_last_success_timestamp_seconds", new Gauge(finished.toEpochMilli() / 1000.0,
                    "When the last successful run of the command finished, in Unix seconds"));
        }
        RunReport.Totals totals = report.totals();
        if (command.equals(AGGREGATE) || totals.aggregatedAny()) {
            gauges.put("aggregate_job_coins_written", new Gauge(totals.coinsWritten(),
                    "Daily documents (one per coin and day) the last run wrote"));
            gauges.put("aggregate_job_data_points", new Gauge(totals.dataPoints(),
                    "Raw observations the last run's daily documents were computed from"));
        }
        totals.gatePassed().ifPresent(passed -> gauges.put("aggregate_job_quality_gate_passed",
                new Gauge(passed ? 1 : 0, "1 when the quality gate passed for every day of the last run, else 0")));
        Map<String, String> group = new LinkedHashMap<>();
        group.put("job", config.job());
        group.put("command", command);
        try {
            client.push(gateway, group, gauges);
            LOG.debugf("Run metrics pushed to %s", gateway.getHost());
        } catch (RuntimeException e) {
            // Whatever went wrong (unreachable, refused, a malformed URL), the run's outcome is not the push's.
            LOG.warnf("Run metrics not pushed to the Pushgateway at %s:%d (the run's exit code stands): %s",
                    gateway.getHost(), gateway.getPort(), e.getMessage());
        }
    }

    /** {@code aggregate} for the top command, else the subcommand's name ({@code check}). */
    static String commandName(ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        return chain.size() == 1 ? AGGREGATE : chain.get(chain.size() - 1).getCommandName();
    }

    private static boolean helpRequested(ParseResult parseResult) {
        return parseResult.asCommandLineList().stream().anyMatch(commandLine ->
                commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested());
    }
}
