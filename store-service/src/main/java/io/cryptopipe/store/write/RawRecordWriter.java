package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.store.repository.InsertAnswer;
import io.cryptopipe.store.repository.RawObservationRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Writes a batch of observations in one insert and times it by its outcome: {@code success} when every record was
 * stored by it, {@code partial} when some were not (already stored, refused, or to be tried again), {@code failure}
 * when the insert as a whole failed and is thrown for the caller to retry.
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
     * @throws RuntimeException when the insert as a whole failed; inserting the batch again is safe
     */
    public InsertAnswer write(List<MarketRecord> records) {
        long start = System.nanoTime();
        try {
            InsertAnswer answer = repository.insert(records);
            metrics.bulkWrite(System.nanoTime() - start, answer.allWritten(records.size())
                    ? StoreMetrics.OUTCOME_SUCCESS : StoreMetrics.OUTCOME_PARTIAL);
            return answer;
        } catch (RuntimeException e) {
            metrics.bulkWrite(System.nanoTime() - start, StoreMetrics.OUTCOME_FAILURE);
            throw e;
        }
    }
}
