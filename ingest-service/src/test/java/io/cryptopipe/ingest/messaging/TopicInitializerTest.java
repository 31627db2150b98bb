package io.cryptopipe.ingest.messaging;

import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.localstack.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic creation at ingest's start against a real broker: absent topics are created, an existing one is left as it
 * is with a warning when its partition count is not the configured one, and a topic just created is not described
 * (brokers may not list it for a moment after creation succeeded).
 */
class TopicInitializerTest {

    private static final int RAW_PARTITIONS = 3;
    private static final int DEAD_LETTER_PARTITIONS = 1;

    @AutoClose
    private static final KafkaBroker broker = KafkaBroker.startTemporary();

    @Test
    void createsBothTopicsOnAnEmptyBrokerAndWarnsAboutNothing() {
        try (LogCapture log = LogCapture.start()) {
            initializer("fresh.raw", "fresh.raw.dlq").ensureCreated();

            assertThat(log.any("Created topic fresh.raw")).isTrue();
            assertThat(log.any("Created topic fresh.raw.dlq")).isTrue();
            assertThat(log.any("partitions where")).isFalse();
        }
        try (LogCapture log = LogCapture.start()) {
            // A second pod's start: both exist with the configured counts.
            initializer("fresh.raw", "fresh.raw.dlq").ensureCreated();

            assertThat(log.any("Created topic")).isFalse();
            assertThat(log.any("partitions where")).isFalse();
        }
    }

    @Test
    void leavesAnExistingTopicAsItIsAndSaysWhenItsPartitionCountDiffers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("existing.raw", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        try (LogCapture log = LogCapture.start()) {
            initializer("existing.raw", "existing.raw.dlq").ensureCreated();

            assertThat(log.any("Topic existing.raw has 1 partitions where 3 are configured")).isTrue();
            assertThat(log.any("Created topic existing.raw.dlq")).isTrue();
            assertThat(log.any("Created topic existing.raw ")).isFalse();
            assertThat(log.lines()).noneMatch(line -> line.startsWith("Topic existing.raw.dlq"));
        }
    }

    private static TopicInitializer initializer(String rawTopic, String deadLetterTopic) {
        // Only the settings TopicInitializer reads; anything else asked of them is a test bug and fails loudly.
        IngestConfig.Topics topics = only(IngestConfig.Topics.class,
                Map.of("rawPartitions", RAW_PARTITIONS, "replicationFactor", Optional.empty()));
        IngestConfig config = only(IngestConfig.class, Map.of("topics", topics));
        SharedNames.TopicSettings topicNames = only(SharedNames.TopicSettings.class,
                Map.of("rawDeadLettersPartitions", DEAD_LETTER_PARTITIONS));
        SharedNames names = only(SharedNames.class, Map.of("topics", topicNames));
        return new TopicInitializer(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "ingest-service"), config, names, rawTopic, deadLetterTopic);
    }

    private static <T> T only(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answers.get(method.getName());
        }));
    }
}
