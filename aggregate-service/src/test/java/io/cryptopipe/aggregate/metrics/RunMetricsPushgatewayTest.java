package io.cryptopipe.aggregate.metrics;

import io.cryptopipe.aggregate.RawData;
import io.cryptopipe.aggregate.RawDayGenerator;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.cryptopipe.aggregate.command.ExitCodes;
import io.cryptopipe.testsupport.DashboardMetrics;
import io.cryptopipe.testsupport.MonitoringProcess;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each run pushes its metrics to the real Pushgateway (Debian's prometheus-pushgateway binary, started by the
 * profile on a loopback port), grouped by job and command: what a failed {@code check} pushes leaves the
 * {@code aggregate} run's metrics as they were, and a failed run keeps the last success of the run before it.
 */
@QuarkusMainTest
@TestProfile(RunMetricsPushgatewayTest.WithPushgateway.class)
class RunMetricsPushgatewayTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);
    private static final LocalDate DAY_WITHOUT_DATA = LocalDate.of(2024, 5, 20);
    private static final int COINS = 3;
    private static final Pattern SAMPLE = Pattern.compile("^(aggregate_[a-z_]+)\\{([^}]*)} (\\S+)$");
    private static final Pattern COMMAND = Pattern.compile("command=\"([^\"]*)\"");

    /** The shared MongoDB and Kafka, and a Pushgateway of this JVM's own. */
    public static class WithPushgateway extends SharedLocalStack {

        private static MonitoringProcess pushgateway;

        static synchronized MonitoringProcess pushgateway() {
            if (pushgateway == null) {
                try {
                    pushgateway = MonitoringProcess.pushgateway(Files.createTempDirectory("aggregate-pushgateway"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(pushgateway::close, "stop-pushgateway"));
            }
            return pushgateway;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("aggregate.pushgateway.url", pushgateway().url().toString());
            // Its 3-coin day needs no more than one pipeline.
            overrides.put(COINS_PER_PIPELINE, ONE_RANGE);
            return overrides;
        }
    }

    @Test
    void eachRunPushesItsOutcomeUnderItsOwnCommand(QuarkusMainLauncher launcher) {
        List<RawDayGenerator.Observation> day = RawDayGenerator.plainDay(DAY, COINS, Duration.ofSeconds(30), 501L);
        RawData.insert(day.stream().map(RawDayGenerator.Observation::toDocument).toList());

        Instant beforeAggregate = Instant.now();
        LaunchResult aggregate = launcher.launch("--date", DAY.toString());
        assertThat(aggregate.exitCode()).as(aggregate.getErrorOutput()).isZero();
        Map<String, Double> aggregateRun = pushed().get("aggregate");
        assertThat(aggregateRun).containsEntry("aggregate_job_last_exit_code", 0.0)
                .containsEntry("aggregate_job_coins_written", (double) COINS)
                .containsEntry("aggregate_job_data_points", (double) day.size())
                .containsEntry("aggregate_job_quality_gate_passed", 1.0)
                .containsKey("aggregate_job_duration_seconds");
        // Wall clock against the job's own clock, which is the system's: only that it is this run's push.
        assertThat(aggregateRun.get("aggregate_job_last_success_timestamp_seconds"))
                .isCloseTo(beforeAggregate.getEpochSecond(), within(120.0));

        LaunchResult passed = launcher.launch("check", "--date", DAY.toString());
        assertThat(passed.exitCode()).as(passed.getErrorOutput()).isZero();
        Map<String, Double> checkRun = pushed().get("check");
        assertThat(checkRun).containsEntry("aggregate_job_last_exit_code", 0.0)
                .containsEntry("aggregate_job_quality_gate_passed", 1.0)
                .doesNotContainKey("aggregate_job_coins_written");
        double checkSucceededAt = checkRun.get("aggregate_job_last_success_timestamp_seconds");

        LaunchResult failed = launcher.launch("check", "--date", DAY_WITHOUT_DATA.toString());
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
        Map<String, Map<String, Double>> afterFailure = pushed();
        assertThat(afterFailure.get("check")).containsEntry("aggregate_job_last_exit_code", 3.0)
                .containsEntry("aggregate_job_quality_gate_passed", 0.0)
                // The failed run did not push a success: the one before it stands.
                .containsEntry("aggregate_job_last_success_timestamp_seconds", checkSucceededAt);
        assertThat(afterFailure.get("aggregate")).as("the aggregate run's group, untouched by check")
                .isEqualTo(aggregateRun);

        // What the dashboard's "Last daily job" panel queries is what the job pushes.
        assertThat(DashboardMetrics.exposed(WithPushgateway.pushgateway().get("/metrics")))
                .containsAll(DashboardMetrics.queried(Pattern.compile("\\baggregate_[a-z0-9_]+\\b")));
    }

    /** The gateway's samples of this job, by command, then metric name. */
    static Map<String, Map<String, Double>> pushed() {
        Map<String, Map<String, Double>> byCommand = new HashMap<>();
        for (String line : WithPushgateway.pushgateway().get("/metrics").split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(2).contains("job=\"aggregate-service\"")) {
                Matcher command = COMMAND.matcher(sample.group(2));
                assertThat(command.find()).as(line).isTrue();
                byCommand.computeIfAbsent(command.group(1), c -> new HashMap<>())
                        .put(sample.group(1), Double.parseDouble(sample.group(3)));
            }
        }
        return byCommand;
    }
}
