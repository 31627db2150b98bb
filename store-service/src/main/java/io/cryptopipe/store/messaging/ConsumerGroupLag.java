package io.cryptopipe.store.messaging;

import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.cryptopipe.store.config.StoreConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Consumer lag of the store's group per partition of {@code market.raw}: the records on the topic that are not yet
 * committed, i.e. neither stored nor dead-lettered. Read from the broker (end offset minus committed offset) rather
 * than from the consumer's own fetch metrics because the consumer stops fetching during a MongoDB outage, so its
 * metrics freeze exactly when the backlog grows; the committed offsets keep telling the truth, for every replica's
 * partitions, even for a replica that died.
 */
@ApplicationScoped
public class ConsumerGroupLag {

    public static final String LAG = "store.consumer.lag";

    private static final Logger LOG = Logger.getLogger(ConsumerGroupLag.class);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final String group;
    private final Duration interval;
    private final MeterRegistry registry;
    private final Map<Integer, Double> lags = new ConcurrentHashMap<>();
    private volatile Admin admin;
    private boolean failing;

    ConsumerGroupLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.market-raw.topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.market-raw.group.id") String group,
            StoreConfig config, MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.group = group;
        this.interval = config.lagInterval();
        this.registry = registry;
    }

    void stop(@Observes ShutdownEvent event) {
        Admin created = admin;
        if (created != null) {
            created.close(Duration.ofSeconds(2));
        }
    }

    /** The lag last read per partition; NaN while the broker does not answer, so that a stale value never shows. */
    public Map<Integer, Double> current() {
        return Map.copyOf(lags);
    }

    // A run still waiting for the broker when the next is due makes that one skip, so calls never pile up.
    @Scheduled(identity = "consumer-lag", every = "${store.lag-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void refresh() {
        long timeout = Math.max(1000, interval.toMillis());
        try {
            if (admin == null) {
                admin = Admin.create(KafkaTopics.adminSettings(kafkaConfig));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> uncommitted = partitions.keySet().stream()
                    .filter(tp -> committed.get(tp) == null)
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()));
            // Never committed: the group starts at the earliest record (auto.offset.reset=earliest).
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = uncommitted.isEmpty() ? Map.of()
                    : admin.listOffsets(uncommitted).all().get(timeout, TimeUnit.MILLISECONDS);
            ends.forEach((tp, end) -> {
                OffsetAndMetadata at = committed.get(tp);
                long from = at != null ? at.offset() : starts.get(tp).offset();
                record(tp.partition(), Math.max(0, end.offset() - from));
            });
            if (failing) {
                LOG.infof("Consumer lag of group %s on %s readable again", group, topic);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lags.replaceAll((partition, lag) -> Double.NaN);
            if (!failing) {
                LOG.warnf("Cannot read the consumer lag of group %s on %s: %s", group, topic, e.getMessage());
                failing = true;
            }
        }
    }

    private void record(int partition, long lag) {
        if (lags.put(partition, (double) lag) == null) {
            Gauge.builder(LAG, lags, l -> l.getOrDefault(partition, Double.NaN))
                    .description("Records on the topic not yet stored or dead-lettered by the consumer group")
                    .baseUnit("records")
                    .tag("topic", topic)
                    .tag("partition", String.valueOf(partition))
                    .strongReference(true)
                    .register(registry);
        }
    }
}
