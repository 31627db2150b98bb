package io.cryptopipe.aggregate.messaging;

import io.cryptopipe.aggregate.model.DailyDocument;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run's producer of {@code market.daily} events: sends asynchronously and, per day, waits until the broker
 * has acknowledged every event ({@link #awaitDelivery}), so that the job never exits with events still in its
 * buffer. Closing it flushes whatever is left.
 */
public final class DailyEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DailyEvents.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<String, String> producer;
    private final String topic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private int sent;

    DailyEvents(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends one coin-day's event, the stored document as JSON, keyed by coin so that all events of a coin share a
     * partition.
     */
    public void send(DailyDocument document, LocalDate day) {
        String coinId = document.coinId();
        String json = DailyEventJson.of(document.stored());
        sent++;
        try {
            producer.send(new ProducerRecord<>(topic, coinId, json), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.incrementAndGet();
                    LOG.debugf("event %s/%s at %s-%d@%d", coinId, day, metadata.topic(), metadata.partition(),
                            metadata.offset());
                } else if (firstFailure.compareAndSet(null, failure)) {
                    LOG.debugf(failure, "event %s/%s not delivered to %s", coinId, day, topic);
                }
            });
        } catch (KafkaException e) {
            firstFailure.compareAndSet(null, e);
        }
    }

    /**
     * Blocks until every event of the day is acknowledged (acks=all) or has failed.
     *
     * @return how many events of the day the broker has acknowledged
     * @throws EventDeliveryException if any of them failed
     */
    public int awaitDelivery(LocalDate day) {
        producer.flush();
        // flush() returns only after every callback of the records sent before it has run.
        int delivered = acknowledged.getAndSet(0);
        int attempted = sent;
        sent = 0;
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new EventDeliveryException((attempted - delivered) + " of " + attempted + " events for " + day
                    + " not delivered to " + topic + ": " + failure.getMessage(), failure);
        }
        return delivered;
    }

    @Override
    public void close() {
        // After a failure nothing is worth waiting for: the run fails anyway and a re-run sends everything again.
        producer.close(firstFailure.get() == null ? CLOSE_TIMEOUT : Duration.ZERO);
    }
}
