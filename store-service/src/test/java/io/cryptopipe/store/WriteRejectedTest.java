package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.store.MarketTopics.KeyedDeadLetter;
import io.cryptopipe.store.write.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A document MongoDB refuses for a unique index other than the identity's (one an operator added, say) is
 * dead-lettered as {@code write_rejected}; the same refusal of an observation that is stored already is a duplicate.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class WriteRejectedTest {

    private static final int PARTITION = 2;
    private static final String GUARD = "write_rejected_name_guard";

    @Inject
    MongoClient mongoClient;

    @Inject
    MeterRegistry registry;

    @Test
    void aNewObservationRefusedByAnotherUniqueIndexIsDeadLetteredAndAStoredOneIsADuplicate() {
        StoredObservations stored = new StoredObservations(mongoClient);
        List<ObjectNode> recorded = RecordedMarkets.load("markets-2023-01-16T0329Z-100.json",
                Instant.parse("2023-01-16T03:29:00Z"));
        ObjectNode first = recorded.get(10).deepCopy().put("coin_id", "write-rejected-first")
                .put("name", "Write Rejected Twin");
        // Another coin with the same name, time and price: only these two collide on the operator's index.
        ObjectNode twin = first.deepCopy().put("coin_id", "write-rejected-twin");
        stored.collection().createIndex(Indexes.ascending("name", "timestamp", "current_price"),
                new IndexOptions().unique(true).name(GUARD));
        try (MarketTopics topics = new MarketTopics()) {
            topics.send(PARTITION, "write-rejected-first", first.toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> stored.count(List.of(first)) == 1);
            double duplicatesBefore = count(StoreMetrics.DUPLICATES);
            double rejectedBefore = rejected();

            long twinOffset = topics.send(PARTITION, "write-rejected-twin", twin.toString()).offset();
            topics.send(PARTITION, "write-rejected-first", first.toString());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                KeyedDeadLetter keyed = MarketTopics.readDeadLetters().stream()
                        .filter(l -> l.letter().sourcePartition() == PARTITION
                                && l.letter().sourceOffset() == twinOffset
                                && StoreStackTestResource.MARKET_RAW.equals(l.letter().sourceTopic()))
                        .findFirst().orElseThrow(() -> new AssertionError("no dead letter yet"));
                DeadLetter letter = keyed.letter();
                assertThat(keyed.key()).isEqualTo("write-rejected-twin");
                assertThat(letter.reason()).startsWith(ReasonCode.WRITE_REJECTED.tag() + ": ")
                        .contains("11000").contains(GUARD);
                assertThat(letter.raw()).isEqualTo(twin.toString());
                assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_STORE);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(rejected() - rejectedBefore).isEqualTo(1.0);
                assertThat(count(StoreMetrics.DUPLICATES) - duplicatesBefore)
                        .as("the first observation again, refused by whichever unique index").isEqualTo(1.0);
            });
            assertThat(stored.count(List.of(twin))).isZero();
            assertThat(stored.count(List.of(first))).isEqualTo(1);
        } finally {
            stored.collection().dropIndex(GUARD);
        }
    }

    private double count(String counter) {
        return registry.get(counter).counter().count();
    }

    private double rejected() {
        return registry.get(StoreMetrics.DEAD_LETTERED).tag("reason", ReasonCode.WRITE_REJECTED.tag()).counter()
                .count();
    }
}
