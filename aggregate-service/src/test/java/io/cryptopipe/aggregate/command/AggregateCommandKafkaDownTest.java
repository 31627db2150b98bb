package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.SharedLocalStack;
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

/**
 * Without Kafka the job fails quickly with exit code 1 and one line, since it could not send the day's events;
 * {@code check} does not need Kafka at all.
 */
@QuarkusMainTest
@TestProfile(AggregateCommandKafkaDownTest.KafkaUnreachable.class)
class AggregateCommandKafkaDownTest {

    /** The shared database, a loopback port no broker listens on, and a delivery timeout short enough for a test. */
    public static class KafkaUnreachable implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mongodb.connection-string", SharedLocalStack.mongoConnectionString(),
                    "quarkus.mongodb.database", SharedLocalStack.database(),
                    "kafka.bootstrap.servers", "127.0.0.1:" + LoopbackPorts.free(),
                    "aggregate.events.delivery-timeout", "2s");
        }
    }

    @Test
    void unreachableBrokerExitsWithOneAndOneLine(QuarkusMainLauncher launcher) {
        long started = System.nanoTime();
        LaunchResult result = launcher.launch("--date", "2025-08-01");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorStream()).singleElement().asString()
                .startsWith("aggregate-service: failed at 2025-08-01 after 0 of 1 day(s) done: Kafka: cannot create "
                        + "topic market.daily: the Kafka broker at 127.0.0.1:")
                .endsWith("did not answer within PT2S");
        // The message shows the configured 2 s deadline applied. Start-up is included, so the bound only shows that
        // the run waits for nothing longer, such as the 30 s default, and is as generous as that allows.
        assertThat(took).isLessThan(Duration.ofSeconds(29));
    }

    @Test
    void checkRunsWithoutKafka(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--date", "2025-08-01");

        // The gate's verdict on a day without documents, not a technical failure.
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.getErrorStream()).containsExactly(
                "aggregate-service check: quality gate failed for 2025-08-01: no daily documents for 2025-08-01");
    }
}
