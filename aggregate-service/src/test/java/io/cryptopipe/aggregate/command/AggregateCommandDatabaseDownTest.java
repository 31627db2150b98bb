package io.cryptopipe.aggregate.command;

import io.cryptopipe.localstack.LoopbackPorts;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An unreachable database fails the job quickly, with exit code 1 and one line on stderr. */
@QuarkusMainTest
@TestProfile(AggregateCommandDatabaseDownTest.ClosedPort.class)
class AggregateCommandDatabaseDownTest {

    /** A loopback port nothing listens on, and a server-selection timeout short enough for a test. */
    public static class ClosedPort implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + LoopbackPorts.free(),
                    "quarkus.mongodb.server-selection-timeout", "1s");
        }
    }

    @Test
    void unreachableDatabaseExitsWithOneAndOneLine(QuarkusMainLauncher launcher) {
        long started = System.nanoTime();
        LaunchResult result = launcher.launch("--from", "2024-03-10", "--to", "2024-03-12");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorStream()).singleElement().asString()
                .startsWith("aggregate-service: failed at 2024-03-10 after 0 of 3 day(s) done: database unreachable: ")
                .contains("Timed out");
        assertThat(result.getOutput()).doesNotContain("coins written");
        // The configured 1 s server-selection timeout applies: with the driver's default 30 s the run could not end
        // within 30 s. Start-up is included, so the bound is as generous as that distinction allows (the driver's
        // message names no duration to read instead).
        assertThat(took).isLessThan(Duration.ofSeconds(29));
    }
}
