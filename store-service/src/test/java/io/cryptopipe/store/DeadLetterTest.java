package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.store.MarketTopics.KeyedDeadLetter;
import io.cryptopipe.store.write.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class DeadLetterTest {

    // One partition for all, so that the poison records sit between the good ones in the same batches.
    private static final int PARTITION = 1;

    @Inject
    MongoClient mongoClient;

    @Inject
    MeterRegistry registry;

    @Test
    void sendsEachPoisonRecordToTheDeadLetterTopicWithItsReasonAndSourceWhileStoringTheGoodOnes() {
        Instant testStart = Instant.now();
        List<ObjectNode> recorded = RecordedMarkets.load("markets-2023-01-16T0329Z-100.json",
                Instant.parse("2023-01-16T03:29:00Z"));
        List<ObjectNode> good = recorded.subList(0, 4);
        List<Poison> poisons = new ArrayList<>();
        Map<String, Double> deadLetteredBefore = deadLetteredByReason();

        try (MarketTopics topics = new MarketTopics()) {
            send(topics, good.get(0));
            poisons.add(poison(topics, "bitcoin", "{\"schema_version\":1,\"coin_id\":\"bitcoin\",\"current_pri",
                    "bitcoin", ReasonCode.MALFORMED_JSON, ""));
            send(topics, good.get(1));
            ObjectNode wrongType = recorded.get(4).deepCopy().put("current_price", "12.5 USD");
            poisons.add(poison(topics, key(wrongType), wrongType.toString(), key(wrongType), ReasonCode.WRONG_TYPE,
                    "current_price: "));
            ObjectNode noCoin = recorded.get(5).deepCopy();
            String noCoinKey = key(noCoin);
            noCoin.remove("coin_id");
            poisons.add(poison(topics, noCoinKey, noCoin.toString(), noCoinKey, ReasonCode.CONTRACT_VIOLATION,
                    "coin_id is missing"));
            ObjectNode noTimestamp = recorded.get(6).deepCopy();
            noTimestamp.remove("timestamp");
            poisons.add(poison(topics, key(noTimestamp), noTimestamp.toString(), key(noTimestamp),
                    ReasonCode.CONTRACT_VIOLATION, "timestamp is missing"));
            send(topics, good.get(2));
            ObjectNode nextVersion = recorded.get(7).deepCopy().put("schema_version", 2);
            poisons.add(poison(topics, key(nextVersion), nextVersion.toString(), key(nextVersion),
                    ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "unsupported schema_version 2"));
            poisons.add(poison(topics, null, "[1,2,3]", null, ReasonCode.NOT_AN_OBJECT, "expected a JSON object"));
            poisons.add(poison(topics, "tombstone", null, "tombstone", ReasonCode.EMPTY_VALUE, ""));
            send(topics, good.get(3));
        }

        StoredObservations stored = new StoredObservations(mongoClient);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(good) == good.size());
        Map<Long, KeyedDeadLetter> letters = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            MarketTopics.readDeadLetters().stream()
                    .filter(l -> StoreStackTestResource.MARKET_RAW.equals(l.letter().sourceTopic())
                            && l.letter().sourcePartition() == PARTITION)
                    .forEach(l -> letters.put(l.letter().sourceOffset(), l));
            assertThat(letters).containsKeys(poisons.stream().map(Poison::offset).toArray(Long[]::new));
        });

        for (Poison poison : poisons) {
            KeyedDeadLetter keyed = letters.get(poison.offset());
            DeadLetter letter = keyed.letter();
            assertThat(letter.reason()).as("reason at offset %d", poison.offset())
                    .startsWith(poison.code().tag() + ": ")
                    .contains(poison.detail());
            assertThat(letter.raw()).isEqualTo(poison.value());
            assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_STORE);
            assertThat(letter.schemaVersion()).isEqualTo(1);
            assertThat(letter.sourcePartition()).isEqualTo(PARTITION);
            assertThat(letter.failedAt()).isAfterOrEqualTo(testStart.minusSeconds(1));
            assertThat(letter.fetchedAt()).isNull();
            assertThat(keyed.key()).as("key of the dead letter at offset %d", poison.offset())
                    .isEqualTo(poison.expectedKey());
        }
        Map<String, Long> expectedByReason = poisons.stream()
                .collect(Collectors.groupingBy(p -> p.code().tag(), Collectors.counting()));
        // Counted right after Kafka acknowledged the dead letter, so possibly a moment after it became readable.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Double> deadLetteredAfter = deadLetteredByReason();
            expectedByReason.forEach((reason, expected) -> assertThat(
                    deadLetteredAfter.get(reason) - deadLetteredBefore.getOrDefault(reason, 0.0))
                    .as("dead-lettered with reason %s", reason)
                    .isEqualTo(expected.doubleValue()));
        });
    }

    private static void send(MarketTopics topics, ObjectNode record) {
        topics.send(PARTITION, key(record), record.toString());
    }

    private static Poison poison(MarketTopics topics, String key, String value, String expectedKey, ReasonCode code,
            String detail) {
        RecordMetadata sent = topics.send(PARTITION, key, value);
        return new Poison(sent.offset(), value, expectedKey, code, detail);
    }

    private static String key(ObjectNode record) {
        return record.get("coin_id").asText();
    }

    private Map<String, Double> deadLetteredByReason() {
        return registry.get(StoreMetrics.DEAD_LETTERED).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("reason"), c -> c.count()));
    }

    private record Poison(long offset, String value, String expectedKey, ReasonCode code, String detail) {
    }
}
