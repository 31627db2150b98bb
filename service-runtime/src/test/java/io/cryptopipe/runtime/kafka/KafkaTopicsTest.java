package io.cryptopipe.runtime.kafka;

import io.cryptopipe.localstack.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Topic creation against a real single-node broker, and the admin settings taken from a service's Kafka settings. */
class KafkaTopicsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @AutoClose
    private static final KafkaBroker broker = KafkaBroker.startTemporary();

    @Test
    void adminSettingsKeepConnectionSecurityAndAuthenticationAndDropConsumerAndProducerSettings() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "client.id", "store-service",
                "group.id", "store-service",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "acks", "all");

        assertThat(KafkaTopics.adminSettings(kafka)).containsOnlyKeys("bootstrap.servers", "security.protocol",
                "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location", "client.id");
        assertThat(KafkaTopics.adminSettings(kafka, Duration.ofSeconds(7)))
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 7000)
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 7000)
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("group.id");
    }

    @Test
    void createsAbsentTopicsWithTheirPartitionsAndSettingsAndLeavesExistingOnesAsTheyAre() throws Exception {
        NewTopic events = new NewTopic("kafka-topics-events", 3, (short) 1);
        NewTopic letters = new NewTopic("kafka-topics-letters", Optional.of(2), Optional.empty())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "86400000"));

        assertThat(KafkaTopics.createAbsent(kafka(), List.of(events, letters), TIMEOUT))
                .containsExactlyInAnyOrder("kafka-topics-events", "kafka-topics-letters");
        // Again, and with another partition count: nothing created, nothing changed, no error.
        assertThat(KafkaTopics.createAbsent(kafka(), List.of(new NewTopic("kafka-topics-events", 6, (short) 1),
                letters), TIMEOUT)).isEmpty();

        try (Admin admin = Admin.create(KafkaTopics.adminSettings(kafka()))) {
            awaitListed(admin, "kafka-topics-events", "kafka-topics-letters");
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("kafka-topics-events",
                    "kafka-topics-letters")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("kafka-topics-events").partitions()).hasSize(3);
            assertThat(topics.get("kafka-topics-letters").partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "kafka-topics-letters");
            assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("86400000");
        }
    }

    @Test
    void createsTheRestWithTheCallersAdminClientWhenSomeExist() throws Exception {
        KafkaTopics.createAbsent(kafka(), List.of(new NewTopic("kafka-topics-first", 1, (short) 1)), TIMEOUT);

        try (Admin admin = Admin.create(KafkaTopics.adminSettings(kafka()))) {
            assertThat(KafkaTopics.createAbsent(admin, List.of(new NewTopic("kafka-topics-first", 1, (short) 1),
                    new NewTopic("kafka-topics-second", 1, (short) 1)), TIMEOUT))
                    .containsExactly("kafka-topics-second");
            assertThat(awaitListed(admin, "kafka-topics-first", "kafka-topics-second"))
                    .contains("kafka-topics-first", "kafka-topics-second");
        }
    }

    @Test
    void aRefusedTopicFailsWithTheBrokersReason() {
        // One broker cannot hold three replicas.
        NewTopic impossible = new NewTopic("kafka-topics-impossible", 1, (short) 3);

        assertThatThrownBy(() -> KafkaTopics.createAbsent(kafka(), List.of(impossible), TIMEOUT))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    @Test
    void ensureExistCreatesWhatIsAbsentAndTurnsEveryFailureIntoOneExceptionNamingTopicAndReason() {
        assertThat(KafkaTopics.ensureExist(kafka(), List.of(new NewTopic("kafka-topics-ensured", 1, (short) 1)),
                TIMEOUT)).containsExactly("kafka-topics-ensured");
        assertThat(KafkaTopics.ensureExist(kafka(), List.of(new NewTopic("kafka-topics-ensured", 1, (short) 1)),
                TIMEOUT)).isEmpty();

        NewTopic impossible = new NewTopic("kafka-topics-impossible-too", 1, (short) 3);
        assertThatThrownBy(() -> KafkaTopics.ensureExist(kafka(), List.of(impossible), TIMEOUT))
                .isInstanceOf(TopicsUnavailableException.class)
                .hasMessageStartingWith("cannot create topic kafka-topics-impossible-too: ")
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    /**
     * The broker's topic list once it names every one of {@code topics}. A created topic reaches the broker's
     * metadata a moment after creation succeeds (Kafka documents that listTopics and describeTopics may not show it
     * yet), so asking once right after creating is a race, not a check.
     */
    private static Set<String> awaitListed(Admin admin, String... topics) {
        return await().atMost(TIMEOUT).until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS),
                listed -> listed.containsAll(List.of(topics)));
    }

    private static Map<String, Object> kafka() {
        // As a service's map holds them: the admin client must not see the consumer's settings.
        return Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "kafka-topics-test",
                "auto.offset.reset", "earliest");
    }
}
