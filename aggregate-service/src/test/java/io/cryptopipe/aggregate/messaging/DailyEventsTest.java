package io.cryptopipe.aggregate.messaging;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.RawCoinDay;
import io.cryptopipe.aggregate.RawData;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code market.daily} events of a run, read back from the real Kafka broker with a plain consumer: exactly
 * the events that run produced (the topic's end offsets are taken before it starts), one per coin written.
 */
@QuarkusMainTest
@TestProfile(SharedLocalStack.class)
class DailyEventsTest {

    private static final LocalDate DAY = LocalDate.of(2025, 6, 15);
    private static final String TOPIC = "market.daily";
    private static final List<String> COINS = List.of("bitcoin", "ethereum", "solana", "cardano");

    @BeforeAll
    static void loadRawData() {
        List<Document> raw = new ArrayList<>();
        for (int i = 0; i < COINS.size(); i++) {
            raw.addAll(RawCoinDay.of(COINS.get(i), i + 1, DAY).documents());
        }
        RawData.insert(raw);
    }

    @Test
    void eachCoinWrittenForTheDayIsSentOnceKeyedByCoinWithItsStoredDocument(QuarkusMainLauncher launcher)
            throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Map<TopicPartition, Long> before = endOffsets(consumer);

            LaunchResult result = launcher.launch("--date", DAY.toString());

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains(DAY + ": 4 coins written", "; 4 events sent");
            Map<TopicPartition, Long> after = endOffsets(consumer);
            assertThat(after.keySet()).as("partitions of the topic the job created").hasSize(3);
            List<ConsumerRecord<String, String>> events = readBetween(consumer, before, after);

            List<Document> stored = storedWithoutIds();
            assertThat(events).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(COINS)
                    .containsExactlyInAnyOrderElementsOf(stored.stream().map(d -> d.getString("coin_id")).toList());
            Map<String, Document> storedByCoin = new HashMap<>();
            stored.forEach(document -> storedByCoin.put(document.getString("coin_id"), document));
            for (ConsumerRecord<String, String> event : events) {
                Document value = Document.parse(event.value());
                assertThat(value).as(event.key()).isEqualTo(withIsoTimes(storedByCoin.get(event.key())));
                assertThat(value.get("quality", Document.class)).as(event.key()).containsKey("coverage");
            }
        }
    }

    private static List<Document> storedWithoutIds() {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_daily")
                .find(Filters.eq("date", DAY.toString())).projection(Projections.excludeId())
                .sort(Sorts.ascending("coin_id")).into(new ArrayList<>());
    }

    // What a consumer parsing the JSON sees of a stored document: its times as ISO-8601 strings.
    private static Document withIsoTimes(Document stored) {
        Document expected = new Document();
        stored.forEach((field, value) -> expected.append(field,
                value instanceof Date date ? date.toInstant().toString() : value));
        return expected;
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedLocalStack.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /** End offset of every partition of the topic; none before the first run created it. */
    private static Map<TopicPartition, Long> endOffsets(KafkaConsumer<String, String> consumer) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedLocalStack.kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
                return Map.of();
            }
        }
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        return consumer.endOffsets(partitions, Duration.ofSeconds(10));
    }

    private static List<ConsumerRecord<String, String>> readBetween(KafkaConsumer<String, String> consumer,
            Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        consumer.assign(after.keySet());
        after.keySet().forEach(partition -> consumer.seek(partition, before.getOrDefault(partition, 0L)));
        long expected = after.entrySet().stream()
                .mapToLong(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L)).sum();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (record.offset() < after.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            });
            return records.size() >= expected;
        });
        return records;
    }
}
