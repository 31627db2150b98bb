package io.cryptopipe.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a topic from its beginning with a plain consumer in a group of its own, as any other consumer would. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, 500);
    }

    /** @param maxPerPoll records one poll returns at most (the client's default is 500) */
    public TopicReader(String bootstrapServers, String topic, int maxPerPoll) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPerPoll,
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls once more and returns everything received so far. */
    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(300)).forEach(received::add);
        return List.copyOf(received);
    }

    public int partitionCount(String topic) {
        return consumer.partitionsFor(topic).size();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
