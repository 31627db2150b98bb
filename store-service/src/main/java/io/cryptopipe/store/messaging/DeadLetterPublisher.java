package io.cryptopipe.store.messaging;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.store.write.DeadLetterSink;
import io.cryptopipe.store.write.StoppingException;
import io.cryptopipe.store.write.StopSignal;
import io.cryptopipe.store.write.StoreBackoff;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes dead letters to {@code market.raw.dlq} and waits until Kafka acknowledged each one, because the batch
 * it came from is acknowledged right after. A send Kafka did not acknowledge is retried by fault tolerance after the
 * store's backoff ({@link StoreBackoff}) for as long as it takes, like a MongoDB write: the batch holds meanwhile,
 * nothing is committed past it. Once the service stops, the next attempt gives up with {@link StoppingException}
 * and the batch stays unacknowledged, to be read again.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetterSink {

    private final MutinyEmitter<DeadLetter> emitter;
    private final DeadLetterTopic topic;
    private final StopSignal stop;

    DeadLetterPublisher(@Channel("market-raw-dlq") MutinyEmitter<DeadLetter> emitter, DeadLetterTopic topic,
            StopSignal stop) {
        this.emitter = emitter;
        this.topic = topic;
        this.stop = stop;
    }

    // Keyed by coin id, so that one coin's dead letters keep their order. No limit on attempts or their total time:
    // a dead letter is never dropped, and each pause is bounded by store.retry.max-delay.
    @Override
    @Retry(maxRetries = -1, delay = 0, jitter = 0, maxDuration = 0, abortOn = StoppingException.class)
    @CustomBackoff(StoreBackoff.class)
    public void publish(String key, DeadLetter deadLetter) {
        if (stop.raised()) {
            throw new StoppingException("stopping with a dead letter not yet published (coin " + key + ")");
        }
        topic.ensurePresent();
        Message<DeadLetter> message = Message.of(deadLetter)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        emitter.sendMessageAndAwait(message);
    }
}
