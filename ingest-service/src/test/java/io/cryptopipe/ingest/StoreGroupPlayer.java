package io.cryptopipe.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays store-service's part on a topic: a consumer in the store's group that reads every record and commits its
 * offsets after each poll, as the store does once its bulk write is acknowledged. Returns from its constructor once
 * the group has assigned it the topic's partitions.
 */
public final class StoreGroupPlayer implements AutoCloseable {

    private final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public StoreGroupPlayer(String bootstrapServers, String group, String topic) throws InterruptedException {
        thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    if (!consumer.assignment().isEmpty()) {
                        consumer.commitSync();
                        assigned.countDown();
                    }
                }
            }
        }, "store-group-player");
        thread.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("the group " + group + " assigned no partition of " + topic);
        }
    }

    public List<ConsumerRecord<String, String>> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
