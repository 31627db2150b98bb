package io.cryptopipe.store.repository;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one index on {@code timestamp} of {@code market_data_raw}: it serves the daily job's range match and, when a
 * retention is set, is also the TTL index that lets MongoDB delete observations older than the retention. One index
 * for both keeps a single B-tree on timestamp to maintain on every insert.
 * <p>
 * When the index exists with another retention than the configured one it is dropped and created again rather than
 * changed with {@code collMod}: {@code collMod} can change an existing TTL but, depending on the server version,
 * cannot turn a plain index into a TTL index or back, while drop-and-create does every change the same way on any
 * server. The price is an index build on the whole collection, once, when an operator changes the retention.
 */
public final class TimestampIndex {

    /** The index's name, as the daily job and operators see it. */
    public static final String NAME = "timestamp_1";

    private static final Logger LOG = Logger.getLogger(TimestampIndex.class);
    // IndexNotFound: another replica dropped it first.
    private static final int INDEX_NOT_FOUND = 27;

    private final Duration retention;

    /** @param retention how long an observation is kept; zero (or negative) keeps observations forever */
    public TimestampIndex(Duration retention) {
        this.retention = retention;
    }

    /** Creates the index, or replaces it when it exists with another retention. */
    public void apply(MongoCollection<?> collection) {
        Optional<Long> wanted = expireAfterSeconds();
        Optional<Document> existing = find(collection);
        if (existing.isPresent()) {
            Optional<Long> current = Optional.ofNullable((Number) existing.get().get("expireAfterSeconds"))
                    .map(Number::longValue);
            if (current.equals(wanted)) {
                return;
            }
            LOG.infof("Retention of %s changes from %s to %s: dropping and re-creating index %s",
                    collection.getNamespace().getCollectionName(), describe(current), describe(wanted), NAME);
            try {
                collection.dropIndex(NAME);
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != INDEX_NOT_FOUND) {
                    throw e;
                }
            }
        }
        IndexOptions options = new IndexOptions().name(NAME);
        wanted.ifPresent(seconds -> options.expireAfter(seconds, TimeUnit.SECONDS));
        collection.createIndex(Indexes.ascending("timestamp"), options);
    }

    /** The TTL the index should carry, empty when observations are kept forever. */
    public Optional<Long> expireAfterSeconds() {
        return retention.isZero() || retention.isNegative() ? Optional.empty() : Optional.of(retention.toSeconds());
    }

    private static Optional<Document> find(MongoCollection<?> collection) {
        for (Document index : collection.listIndexes()) {
            if (NAME.equals(index.getString("name"))) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    private static String describe(Optional<Long> seconds) {
        return seconds.map(s -> Duration.ofSeconds(s).toString()).orElse("forever");
    }
}
