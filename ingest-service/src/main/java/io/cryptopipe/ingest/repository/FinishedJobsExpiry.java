package io.cryptopipe.ingest.repository;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The TTL index {@code {finished_at: 1}} that has MongoDB delete a finished repair job
 * {@code ingest.repair.finished-retention} after it finished. Only finished jobs have {@code finished_at}: MongoDB's
 * TTL monitor never deletes a document without the indexed field, or whose field is not a date, so open jobs stay
 * without a partial filter. Deleting takes no privilege of the service; making sure of the index takes
 * {@code listIndexes} and {@code createIndex}.
 * <p>
 * Made sure of once per process, at the first look for open jobs, off start-up: MongoDB may be down then, and a failure
 * only postpones expiry, so it is one warning and another try at the next look. An index on {@code finished_at} with
 * another TTL (the setting changed, or someone made it by hand) is left as it is, with one warning that gives the
 * {@code collMod} to run: the service never changes or drops an index.
 */
final class FinishedJobsExpiry {

    static final String FIELD = "finished_at";

    private static final Logger LOG = Logger.getLogger(FinishedJobsExpiry.class);

    private final MongoCollection<Document> jobs;
    private final long seconds;
    private boolean ensured;
    private boolean warned;

    /** @throws IllegalArgumentException when the retention is not a TTL MongoDB takes (1 s up to about 68 years) */
    FinishedJobsExpiry(MongoCollection<Document> jobs, Duration retention) {
        if (retention.toSeconds() < 1 || retention.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ingest.repair.finished-retention must be between 1 s and "
                    + Integer.MAX_VALUE + " s, was " + retention);
        }
        this.jobs = jobs;
        this.seconds = retention.toSeconds();
    }

    synchronized void ensure() {
        if (ensured) {
            return;
        }
        try {
            Optional<Document> existing = onField(jobs.listIndexes().into(new ArrayList<>()));
            if (existing.isEmpty()) {
                String name = jobs.createIndex(Indexes.ascending(FIELD),
                        new IndexOptions().expireAfter(seconds, TimeUnit.SECONDS));
                LOG.infof("Finished repair jobs in %s expire %s after they finish (TTL index %s)",
                        jobs.getNamespace().getCollectionName(), Duration.ofSeconds(seconds), name);
            } else if (!(existing.get().get("expireAfterSeconds") instanceof Number ttl)
                    || ttl.longValue() != seconds) {
                String collection = jobs.getNamespace().getCollectionName();
                LOG.warnf("Index %s on %s.%s has expireAfterSeconds %s, not the %d s of"
                        + " ingest.repair.finished-retention; left as it is. To change it: db.runCommand({collMod:"
                        + " \"%s\", index: {keyPattern: {%s: 1}, expireAfterSeconds: %d}})",
                        existing.get().getString("name"), collection, FIELD,
                        existing.get().get("expireAfterSeconds"), seconds, collection, FIELD, seconds);
            }
            ensured = true;
        } catch (MongoException e) {
            if (!warned) {
                LOG.warnf("Cannot make sure of the TTL index on %s of %s (%s): finished repair jobs do not expire"
                        + " until it is there; trying again at the next look for jobs", FIELD,
                        jobs.getNamespace().getCollectionName(), e.getMessage());
                warned = true;
            }
        }
    }

    /** The index on {@code finished_at} alone, ascending, whatever its name. */
    private static Optional<Document> onField(List<Document> indexes) {
        return indexes.stream().filter(index -> {
            Document key = index.get("key", Document.class);
            return key != null && key.size() == 1 && key.get(FIELD) instanceof Number order && order.intValue() == 1;
        }).findFirst();
    }
}
