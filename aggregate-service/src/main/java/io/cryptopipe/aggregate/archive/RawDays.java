package io.cryptopipe.aggregate.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.repository.JobCollections;
import io.cryptopipe.contract.RawFields;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.function.Consumer;

/** The raw collection's documents of UTC days, read for the archive, and the collections a restore writes into. */
@ApplicationScoped
public class RawDays {

    static final String COIN_ID = RawFields.COIN_ID;
    static final String TIMESTAMP = RawFields.TIMESTAMP;
    private static final int BATCH = 2_000;

    private final JobCollections collections;

    public RawDays(JobCollections collections) {
        this.collections = collections;
    }

    public String rawCollectionName() {
        return collections.names().raw();
    }

    /** Where a restore writes unless told otherwise: beside the live collection, never into it by accident. */
    String restoredCollectionName() {
        return rawCollectionName() + "_restored";
    }

    MongoCollection<Document> collection(String name) {
        return collections.named(name);
    }

    /**
     * Hands every document of the day to {@code action} in ({@code coin_id}, {@code timestamp}) order, in batches
     * from a cursor. That order is the raw collection's unique index, so the server walks the index instead of
     * sorting the day in memory, and it is what makes the content checksum repeatable.
     */
    void forEach(LocalDate day, Consumer<Document> action) {
        collections.raw().find(ofDay(day))
                .sort(Sorts.ascending(COIN_ID, TIMESTAMP))
                .hint(Indexes.ascending(COIN_ID, TIMESTAMP))
                .batchSize(BATCH)
                .forEach(action);
    }

    /** Documents of the day in the raw collection (counted from the timestamp index). */
    long count(LocalDate day) {
        return collections.raw().countDocuments(ofDay(day));
    }

    /**
     * The raw collection's retention: the {@code expireAfterSeconds} of its TTL index on {@code timestamp}, which
     * store-service keeps; empty when nothing expires.
     */
    Optional<Duration> retention() {
        for (Document index : collections.raw().listIndexes()) {
            Document key = index.get("key", Document.class);
            Object seconds = index.get("expireAfterSeconds");
            if (key != null && key.keySet().equals(java.util.Set.of(TIMESTAMP)) && seconds instanceof Number number) {
                return Optional.of(Duration.ofSeconds(number.longValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * The indexes a restored collection needs: the raw identity, unique, so that restoring a day twice (or into the
     * live collection) adds nothing twice, and {@code timestamp} for the daily job's range. No TTL: a restored day is
     * old by definition and would expire at once.
     */
    void ensureRestoreIndexes(String collection) {
        collection(collection).createIndex(Indexes.ascending(COIN_ID, TIMESTAMP), new IndexOptions().unique(true));
        collection(collection).createIndex(Indexes.ascending(TIMESTAMP));
    }

    static Bson ofDay(LocalDate day) {
        Date start = Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Date end = Date.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return Filters.and(Filters.gte(TIMESTAMP, start), Filters.lt(TIMESTAMP, end));
    }
}
