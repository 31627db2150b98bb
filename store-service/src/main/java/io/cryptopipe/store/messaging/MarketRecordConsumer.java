package io.cryptopipe.store.messaging;

import io.cryptopipe.store.write.IncomingValue;
import io.cryptopipe.store.write.MarketBatchProcessor;
import io.cryptopipe.store.write.StoppingException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code market.raw} in batches and acknowledges a batch only once all its records are stored or
 * dead-lettered, so that the committed offsets never pass a record that is in neither place.
 */
@ApplicationScoped
public class MarketRecordConsumer {

    private static final Logger LOG = Logger.getLogger(MarketRecordConsumer.class);

    private final MarketBatchProcessor processor;

    MarketRecordConsumer(MarketBatchProcessor processor) {
        this.processor = processor;
    }

    /*
     * Blocking because the MongoDB driver is synchronous and, during an outage, this method waits (retrying with
     * backoff) until MongoDB takes the batch: that must not happen on the event loop. @Blocking is ordered by
     * default, so one batch is in flight at a time; while it waits, no new batch is requested and the connector
     * pauses fetching (it keeps polling, so the consumer stays in its group).
     */
    @Incoming("market-raw")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<IncomingValue> values = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, String> record : batch) {
            values.add(toIncoming(record));
        }
        try {
            processor.process(values);
        } catch (StoppingException e) {
            // Neither acknowledged nor nacked: a nack would run the failure strategy against a connector that is
            // closing. Uncommitted, the records are consumed again by whoever owns these partitions next.
            LOG.infof("Batch of %d records (%s) left unacknowledged: %s", values.size(),
                    MarketBatchProcessor.span(values), e.getMessage());
            return new CompletableFuture<>();
        }
        return batch.ack();
    }

    @SuppressWarnings("unchecked")
    private static IncomingValue toIncoming(KafkaRecord<String, String> record) {
        IncomingKafkaRecordMetadata<String, String> metadata = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a consumed Kafka record without its metadata"));
        return new IncomingValue(metadata.getTopic(), metadata.getPartition(), metadata.getOffset(),
                metadata.getKey(), record.getPayload());
    }
}
