package io.cryptopipe.ingest.messaging;

import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.config.RepairDaySettings;
import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until the store's consumer group ({@code market.consumer-groups.store}) has committed offsets at or past the
 * end offsets this process published to, i.e. until store-service has written what was published. Offsets committed
 * by the group are read with the admin client; a partition the group never committed counts as read up to 0.
 */
@ApplicationScoped
public class StoreCatchUp {

    private static final Logger LOG = Logger.getLogger(StoreCatchUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafkaConfig;
    private final String group;
    private final RepairDaySettings config;
    private final Clock clock;

    StoreCatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, SharedNames names,
            IngestConfig config, Clock clock) {
        this.kafkaConfig = kafkaConfig;
        this.group = names.consumerGroups().store();
        this.config = config.repairDay();
        this.clock = clock;
    }

    public String group() {
        return group;
    }

    /**
     * Reads the group's committed offsets every {@code ingest.repair-day.store-check} until none of {@code ends} is
     * ahead of them, or {@code ingest.repair-day.store-deadline} has passed.
     *
     * @param ends the end offsets to reach, per partition
     * @return the partitions still behind at the deadline (with how many records), or an empty map when caught up
     */
    public Map<TopicPartition, Long> await(Map<TopicPartition, Long> ends) {
        if (ends.isEmpty()) {
            return Map.of();
        }
        Instant deadline = clock.instant().plus(config.storeDeadline());
        try (Admin admin = Admin.create(KafkaTopics.adminSettings(kafkaConfig, TIMEOUT))) {
            Map<TopicPartition, Long> behind = ends;
            String lastError = null;
            while (true) {
                try {
                    behind = behind(ends, committed(admin));
                    lastError = null;
                } catch (ExecutionException | TimeoutException e) {
                    // The broker or the coordinator may be busy for a moment: read again until the deadline.
                    String error = e instanceof ExecutionException ? e.getCause().getMessage() : "no answer in time";
                    if (!error.equals(lastError)) {
                        LOG.warnf("Cannot read the offsets of consumer group %s: %s", group, error);
                    }
                    lastError = error;
                }
                if (behind.isEmpty() || !clock.instant().isBefore(deadline)) {
                    return behind;
                }
                pause(config.storeCheck());
            }
        }
    }

    /** The partitions of {@code ends} whose committed offset is below the end, with how far below. */
    static Map<TopicPartition, Long> behind(Map<TopicPartition, Long> ends,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> behind = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        ends.forEach((partition, end) -> {
            OffsetAndMetadata offset = committed.get(partition);
            long read = offset == null ? 0 : offset.offset();
            if (read < end) {
                behind.put(partition, end - read);
            }
        });
        return behind;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws ExecutionException,
            TimeoutException {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the offsets of consumer group " + group, e);
        }
    }

    private static void pause(Duration duration) {
        Uni.createFrom().voidItem().onItem().delayIt().by(duration).await().indefinitely();
    }
}
