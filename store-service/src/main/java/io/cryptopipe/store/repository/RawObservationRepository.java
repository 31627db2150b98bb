package io.cryptopipe.store.repository;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.WriteModel;
import io.cryptopipe.store.config.StoreConfig;
import io.cryptopipe.store.model.RawObservation;
import io.quarkus.mongodb.panache.PanacheMongoRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code market_data_raw}: unordered bulk upserts, and the indexes that make them idempotent.
 */
@ApplicationScoped
public class RawObservationRepository implements PanacheMongoRepository<RawObservation> {

    /** Makes (coin_id, timestamp) the identity of an observation: a second upsert of it can only match. */
    public static final String IDENTITY_INDEX = "coin_id_1_timestamp_1";
    /** Serves the daily job's range match on timestamp. */
    public static final String TIMESTAMP_INDEX = TimestampIndex.NAME;

    private static final Logger LOG = Logger.getLogger(RawObservationRepository.class);

    private final TimestampIndex timestampIndex;
    private final Duration adminTimeout;
    private volatile boolean indexesReady;

    RawObservationRepository(StoreConfig config) {
        this.timestampIndex = new TimestampIndex(config.retention());
        this.adminTimeout = config.adminTimeout();
    }

    void createIndexesAtStartup(@Observes StartupEvent event) {
        try {
            ensureIndexes();
        } catch (MongoException e) {
            // Not fatal: the first write creates them once MongoDB answers, before anything is stored.
            LOG.warnf("Could not create the indexes of %s at start-up (%s); will retry before the first write",
                    RawObservation.COLLECTION, e.getMessage());
        }
    }

    /**
     * Creates the identity and timestamp (retention) indexes unless this instance already did; creating an existing index is a
     * no-op on the server, so several instances may race here.
     */
    public void ensureIndexes() {
        if (indexesReady) {
            return;
        }
        // An index build outlasts the read timeout of ordinary operations: it gets its own, longer bound.
        MongoCollection<RawObservation> admin = mongoCollection().withTimeout(adminTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        admin.createIndex(Indexes.ascending("coin_id", "timestamp"),
                new IndexOptions().name(IDENTITY_INDEX).unique(true));
        timestampIndex.apply(admin);
        indexesReady = true;
        LOG.infof("Indexes %s (unique) and %s (%s) present on %s", IDENTITY_INDEX, TIMESTAMP_INDEX,
                timestampIndex.expireAfterSeconds().map(s -> "TTL " + s + " s").orElse("no TTL"),
                RawObservation.COLLECTION);
    }

    /**
     * Applies the models in one unordered bulk write: one bad model does not stop the others, and the server may
     * apply them in any order, which upserts on a unique identity allow.
     *
     * @throws com.mongodb.MongoBulkWriteException when some models failed; the others were applied
     */
    public BulkWriteResult bulkWriteUnordered(List<? extends WriteModel<RawObservation>> models) {
        ensureIndexes();
        try {
            return mongoCollection().bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            throw e;
        } catch (MongoException e) {
            // Idempotency rests on the unique index, and the server that answers after an outage may not be the
            // one that had it (a restore, a fresh node, a dropped collection): check it again before writing.
            indexesReady = false;
            throw e;
        }
    }
}
