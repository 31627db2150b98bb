package io.cryptopipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.testsupport.LocalStackTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain Kafka clients on the test broker: what a producer of {@code market.raw} and a reader of the dead-letter
 * topic see, without the service's own configuration.
 */
public final class MarketTopics implements AutoCloseable {

    public static final String DEAD_LETTERS = "market.raw.dlq";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    /** Sends one record and waits for the broker to have it. */
    public RecordMetadata send(Integer partition, String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(StoreStackTestResource.MARKET_RAW, partition, key, value))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + StoreStackTestResource.MARKET_RAW, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends every record keyed by its coin id, as ingest-service does, and waits for the broker to have them. */
    public void sendAll(List<? extends JsonNode> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (var record : records) {
            sent.add(producer.send(new ProducerRecord<>(StoreStackTestResource.MARKET_RAW,
                    record.get("coin_id").asText(), record.toString())));
        }
        producer.flush();
        for (var future : sent) {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not produce to " + StoreStackTestResource.MARKET_RAW, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every dead letter on the topic so far, with its record key. */
    public static List<KeyedDeadLetter> readDeadLetters() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<KeyedDeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(new KeyedDeadLetter(record.key(), parse(record.value())));
                }
            }
            return letters;
        }
    }

    private static DeadLetter parse(String json) {
        try {
            return MAPPER.readValue(json, DeadLetter.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bootstrapServers() {
        return LocalStackTestResource.kafka().bootstrapServers();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public record KeyedDeadLetter(String key, DeadLetter letter) {
    }
}
