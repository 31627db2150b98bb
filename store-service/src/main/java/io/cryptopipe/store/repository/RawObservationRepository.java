package io.cryptopipe.store.repository;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The raw collection: unordered bulk upserts, once {@link RawIndexes} made sure of the indexes that make them
 * idempotent. Plain documents through the client: the upserts are built from the contract record
 * ({@link io.cryptopipe.store.service.ObservationUpsert}) and the queries read projections and pipelines.
 */
@ApplicationScoped
public class RawObservationRepository {

    /** Makes (coin_id, timestamp) the identity of an observation: a second upsert of it can only match. */
    public static final String IDENTITY_INDEX = RawIndexes.IDENTITY;
    /** Serves the daily job's range match on timestamp. */
    public static final String TIMESTAMP_INDEX = RawIndexes.TIMESTAMP;

    private final RawIndexes indexes;
    private final MongoCollection<Document> collection;

    RawObservationRepository(RawIndexes indexes, MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, SharedNames names) {
        this.indexes = indexes;
        this.collection = client.getDatabase(database).getCollection(names.collections().raw());
    }

    /**
     * Applies the models in one unordered bulk write: one bad model does not stop the others, and the server may
     * apply them in any order, which upserts on a unique identity allow.
     *
     * @throws IndexesNotReadyException          before the indexes are there; the caller retries as after any failure
     * @throws com.mongodb.MongoBulkWriteException when some models failed; the others were applied
     */
    public BulkWriteResult bulkWriteUnordered(List<? extends WriteModel<Document>> models) {
        indexes.requireReady();
        return collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
    }

    /** Documents in the raw collection. */
    public long count() {
        return collection.countDocuments();
    }
}
