package io.cryptopipe.store.service;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.UpdateOneModel;
import io.cryptopipe.store.repository.RawObservationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.List;

/**
 * Writes a batch of observation upserts to MongoDB in one unordered bulk write and says, per model, what became
 * of it. Failures of the write as a whole (no server, timeout, network, write concern) are thrown for the caller
 * to retry; failures of single models are mapped back to them by index.
 */
@ApplicationScoped
public class RawRecordWriter {

    private final RawObservationRepository repository;
    private final StoreMetrics metrics;

    RawRecordWriter(RawObservationRepository repository, StoreMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    /**
     * @throws com.mongodb.MongoException when the write as a whole failed; upserts make writing it again safe
     */
    public WriteOutcome write(List<UpdateOneModel<Document>> models) {
        long start = System.nanoTime();
        try {
            WriteOutcome outcome = WriteOutcome.of(repository.bulkWriteUnordered(models));
            metrics.bulkWrite(System.nanoTime() - start, StoreMetrics.OUTCOME_SUCCESS);
            return outcome;
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Applied but not acknowledged as durable: the whole batch goes again.
                metrics.bulkWrite(System.nanoTime() - start, StoreMetrics.OUTCOME_FAILURE);
                throw e;
            }
            metrics.bulkWrite(System.nanoTime() - start, StoreMetrics.OUTCOME_PARTIAL);
            return WriteOutcome.of(e.getWriteResult(), e.getWriteErrors());
        } catch (RuntimeException e) {
            metrics.bulkWrite(System.nanoTime() - start, StoreMetrics.OUTCOME_FAILURE);
            throw e;
        }
    }
}
