package io.cryptopipe.ingest.messaging;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreCatchUpTest {

    private static final TopicPartition P0 = new TopicPartition("market.raw", 0);
    private static final TopicPartition P1 = new TopicPartition("market.raw", 1);
    private static final TopicPartition P2 = new TopicPartition("market.raw", 2);

    @Test
    void aPartitionIsBehindUntilTheGroupCommittedAtOrPastItsEndAndNeverCommittedCountsAsNothingRead() {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(P0, new OffsetAndMetadata(120));
        committed.put(P1, new OffsetAndMetadata(40));
        // The admin client answers null for a partition the group has no offset of.
        committed.put(P2, null);

        Map<TopicPartition, Long> behind = StoreCatchUp.behind(Map.of(P0, 120L, P1, 50L, P2, 7L), committed);

        assertThat(behind).containsExactly(Map.entry(P1, 10L), Map.entry(P2, 7L));
        assertThat(StoreCatchUp.behind(Map.of(P0, 100L), committed)).as("committed past the end").isEmpty();
        assertThat(StoreCatchUp.behind(Map.of(P1, 3L), Map.of())).containsExactly(Map.entry(P1, 3L));
    }
}
