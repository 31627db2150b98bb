package io.cryptopipe.store.repository;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import io.cryptopipe.store.model.RawObservation;
import io.quarkus.mongodb.panache.PanacheMongoRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * {@code market_data_raw}: unordered bulk upserts, once {@link RawIndexes} made sure of the indexes that make them
 * idempotent.
 */
@ApplicationScoped
public class RawObservationRepository implements PanacheMongoRepository<RawObservation> {

    /** Makes (coin_id, timestamp) the identity of an observation: a second upsert of it can only match. */
    public static final String IDENTITY_INDEX = RawIndexes.IDENTITY;
    /** Serves the daily job's range match on timestamp. */
    public static final String TIMESTAMP_INDEX = RawIndexes.TIMESTAMP;

    private final RawIndexes indexes;

    RawObservationRepository(RawIndexes indexes) {
        this.indexes = indexes;
    }

    /**
     * Applies the models in one unordered bulk write: one bad model does not stop the others, and the server may
     * apply them in any order, which upserts on a unique identity allow.
     *
     * @throws IndexesNotReadyException          before the indexes are there; the caller retries as after any failure
     * @throws com.mongodb.MongoBulkWriteException when some models failed; the others were applied
     */
    public BulkWriteResult bulkWriteUnordered(List<? extends WriteModel<RawObservation>> models) {
        indexes.requireReady();
        return mongoCollection().bulkWrite(models, new BulkWriteOptions().ordered(false));
    }
}
