package io.cryptopipe.aggregate.archive;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an archived day back into a collection, exactly as it was stored ({@code _id} included), after checking the
 * file against its manifest. Documents go in as unordered batch inserts against the collection's unique index on the
 * raw identity ({@code coin_id}, {@code timestamp}): one already there is refused as a duplicate key and left as it
 * is, so restoring a day twice, or into a collection that still holds part of it, adds only what is missing and
 * changes nothing else (the store's "first stored version wins", at the cost of a plain insert). Any other write
 * error stops the restore.
 */
@ApplicationScoped
public class DayRestorer {

    private static final int BATCH = 1_000;

    private final RawDays rawDays;

    public DayRestorer(RawDays rawDays) {
        this.rawDays = rawDays;
    }

    /** @param collection the collection to restore into; by default {@link RawDays#restoredCollectionName()} */
    public RestoreOutcome restore(LocalDate day, ArchiveStore store, Optional<String> collection) throws IOException {
        String into = collection.orElseGet(rawDays::restoredCollectionName);
        ArchiveLayout layout = new ArchiveLayout(rawDays.rawCollectionName());
        DayManifest manifest = DayArchiver.manifest(store, layout, day)
                .orElseThrow(() -> new ArchiveFormatException("no archive of " + day + " at "
                        + store.describe(layout.manifest(day))));
        Path file = Files.createTempFile("restore-" + day + "-", ".parquet");
        try {
            store.download(layout.data(day), file);
            String sha256 = Sha256.of(file);
            if (!sha256.equals(manifest.fileSha256())) {
                throw new ArchiveFormatException(store.describe(layout.data(day)) + " has SHA-256 " + sha256
                        + ", its manifest says " + manifest.fileSha256() + " (a re-archive stopped half-way? archive "
                        + day + " again)");
            }
            if (!into.equals(rawDays.rawCollectionName())) {
                // The live collection's indexes are store-service's (its timestamp index carries the TTL).
                rawDays.ensureRestoreIndexes(into);
            }
            MongoCollection<Document> target = rawDays.collection(into);
            DayContent content = new DayContent();
            List<Document> batch = new ArrayList<>(BATCH);
            long[] inserted = {0};
            RawDayParquetReader.read(file, document -> {
                content.add(document);
                batch.add(document);
                if (batch.size() == BATCH) {
                    inserted[0] += write(target, batch);
                }
            });
            if (!batch.isEmpty()) {
                inserted[0] += write(target, batch);
            }
            if (content.rows() != manifest.rows() || !content.checksum().equals(manifest.contentSha256())) {
                throw new ArchiveFormatException(store.describe(layout.data(day)) + " gave " + content.rows()
                        + " rows with content SHA-256 " + content.checksum() + ", its manifest says " + manifest.rows()
                        + " and " + manifest.contentSha256());
            }
            return new RestoreOutcome(day, manifest, into, inserted[0]);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Inserts the batch; returns how many were new. */
    private static long write(MongoCollection<Document> target, List<Document> batch) {
        int size = batch.size();
        try {
            target.insertMany(batch, new InsertManyOptions().ordered(false));
            return size;
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            return size - e.getWriteErrors().size();
        } finally {
            batch.clear();
        }
    }

    /** What {@code restore} did with one day. */
    public record RestoreOutcome(LocalDate day, DayManifest manifest, String into, long inserted) {

        public String line() {
            return day + ": restored archive version " + manifest.version() + " (" + manifest.rows() + " rows) into "
                    + into + ": " + inserted + " inserted, " + (manifest.rows() - inserted) + " already there";
        }
    }
}
