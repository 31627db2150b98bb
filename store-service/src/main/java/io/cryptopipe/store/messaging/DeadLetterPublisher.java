package io.cryptopipe.store.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.store.service.DeadLetterSink;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes dead letters to {@code market.raw.dlq} and waits until Kafka acknowledged each one, because the batch
 * it came from is acknowledged right after.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetterSink {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;
    private final DeadLetterTopic topic;

    DeadLetterPublisher(@Channel("market-raw-dlq") MutinyEmitter<String> emitter, ObjectMapper mapper,
            DeadLetterTopic topic) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.topic = topic;
    }

    // Keyed by coin id, so that one coin's dead letters keep their order.
    @Override
    public void publish(String key, DeadLetter deadLetter) {
        topic.ensurePresent();
        String json;
        try {
            json = mapper.writeValueAsString(deadLetter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dead letter as JSON", e);
        }
        Message<String> message = Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        emitter.sendMessageAndAwait(message);
    }
}
