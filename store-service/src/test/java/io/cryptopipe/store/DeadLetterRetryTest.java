package io.cryptopipe.store;

import io.cryptopipe.store.messaging.FlakyDeadLetterTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter Kafka does not take at first is sent again (fault tolerance's retry on DeadLetterPublisher) until it
 * is acknowledged, and the batch it came from waits for it instead of failing the channel.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class DeadLetterRetryTest {

    private static final int PARTITION = 2;

    @Inject
    FlakyDeadLetterTopic topic;

    @Test
    void aDeadLetterKafkaDidNotTakeIsSentAgainUntilItIsAcknowledged() {
        topic.failNext(2);
        String poison = "{\"schema_version\":1,\"coin_id\":\"retry-coin\",\"current_pri";
        RecordMetadata sent;
        try (MarketTopics topics = new MarketTopics()) {
            sent = topics.send(PARTITION, "retry-coin", poison);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MarketTopics.readDeadLetters())
                .anySatisfy(l -> {
                    assertThat(l.letter().sourcePartition()).isEqualTo(PARTITION);
                    assertThat(l.letter().sourceOffset()).isEqualTo(sent.offset());
                    assertThat(l.letter().raw()).isEqualTo(poison);
                    assertThat(l.key()).isEqualTo("retry-coin");
                }));
        assertThat(topic.checks()).as("attempts: two refused, then the one that was acknowledged").isEqualTo(3);
    }
}
