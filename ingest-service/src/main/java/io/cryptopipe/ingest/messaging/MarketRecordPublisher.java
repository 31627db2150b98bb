package io.cryptopipe.ingest.messaging;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends valid records to {@code market.raw} and refused ones to {@code market.raw.dlq}, keyed by coin id. Each
 * send completes when the broker has acknowledged it (acks=all), so the caller can wait for a whole poll. The end offset
 * of every {@code market.raw} partition this process published to is kept (one entry per partition), so that a
 * command can wait until the store has read what it published ({@link StoreCatchUp}).
 */
@ApplicationScoped
public class MarketRecordPublisher {

    private static final Logger LOG = Logger.getLogger(MarketRecordPublisher.class);

    private final MutinyEmitter<MarketRecord> records;
    private final MutinyEmitter<DeadLetter> deadLetters;
    private final Map<TopicPartition, Long> producedEnds = new ConcurrentHashMap<>();

    MarketRecordPublisher(@Channel("market-raw") MutinyEmitter<MarketRecord> records,
            @Channel("market-raw-dlq") MutinyEmitter<DeadLetter> deadLetters) {
        this.records = records;
        this.deadLetters = deadLetters;
    }

    /** Lazy: nothing is sent until the returned Uni is subscribed to. */
    public Uni<Void> publish(MarketRecord record) {
        return send(records, record, record.coinId(), "market record", producedEnds);
    }

    /** @param coinId the key, or null when the refused record names no usable coin id */
    public Uni<Void> deadLetter(DeadLetter letter, String coinId) {
        return send(deadLetters, letter, coinId, "dead letter", null);
    }

    /** For each {@code market.raw} partition this process published to, the offset after its last record there. */
    public Map<TopicPartition, Long> producedEndOffsets() {
        return Map.copyOf(producedEnds);
    }

    private static <T> Uni<Void> send(MutinyEmitter<T> emitter, T payload, String key, String what,
            Map<TopicPartition, Long> ends) {
        // ends: where the partitions' end offsets are kept; null for dead letters, which no one waits for.
        OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
        Message<T> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(result);
        return emitter.sendMessage(message)
                .invoke(() -> {
                    RecordMetadata sent = result.getResult();
                    if (ends != null && sent != null && sent.hasOffset()) {
                        ends.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset() + 1, Math::max);
                    }
                    if (sent != null && LOG.isDebugEnabled()) {
                        LOG.debugf("Sent %s of coin %s to %s partition %d offset %d",
                                what, key, sent.topic(), sent.partition(), sent.offset());
                    }
                })
                .onFailure().invoke(e -> LOG.errorf("Broker did not take the %s of coin %s: %s", what, key,
                        e.getMessage()));
    }
}
