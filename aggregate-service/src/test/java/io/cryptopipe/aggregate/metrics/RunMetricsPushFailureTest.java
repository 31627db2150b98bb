package io.cryptopipe.aggregate.metrics;

import io.cryptopipe.aggregate.SharedLocalStack;
import io.cryptopipe.aggregate.command.ExitCodes;
import io.cryptopipe.localstack.LoopbackPorts;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Pushgateway that does not answer changes neither the job's exit code nor its one error line. */
@QuarkusMainTest
@TestProfile(RunMetricsPushFailureTest.UnreachablePushgateway.class)
class RunMetricsPushFailureTest {

    private static final String NOT_PUSHED = "Run metrics not pushed to the Pushgateway";

    /** The shared MongoDB and Kafka, and a Pushgateway URL on a loopback port nothing listens on. */
    public static class UnreachablePushgateway extends SharedLocalStack {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("aggregate.pushgateway.url", "http://127.0.0.1:" + LoopbackPorts.free());
            return overrides;
        }
    }

    @Test
    void aSuccessfulRunStillExitsWithZero(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--date", "2024-06-01");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).isEmpty();
        assertThat(result.getOutput().lines().filter(line -> line.contains(NOT_PUSHED))).hasSize(1);
    }

    @Test
    void aFailedGateStillExitsWithThreeAndItsOneLine(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--date", "2024-06-02");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
        assertThat(result.getErrorOutput().lines()).hasSize(1)
                .allSatisfy(line -> assertThat(line).startsWith("aggregate-service check: quality gate failed"));
        assertThat(result.getOutput().lines().filter(line -> line.contains(NOT_PUSHED))).hasSize(1);
    }
}
