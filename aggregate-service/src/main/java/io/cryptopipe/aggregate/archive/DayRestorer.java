package io.cryptopipe.aggregate.archive;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an archived day back into a collection, exactly as it was stored ({@code _id} included), after checking the
 * file against its manifest. Each document is an upsert on the raw identity ({@code coin_id}, {@code timestamp})
 * that only sets fields when it inserts, the store's own write: restoring a day twice, or into a collection that
 * still holds part of it, adds only what is missing and changes nothing else.
 */
@ApplicationScoped
public class DayRestorer {

    private static final int BATCH = 1_000;

    private final RawDays rawDays;

    public DayRestorer(RawDays rawDays) {
        this.rawDays = rawDays;
    }

    public RestoreOutcome restore(LocalDate day, ArchiveStore store, String into) throws IOException {
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
            List<UpdateOneModel<Document>> batch = new ArrayList<>(BATCH);
            long[] inserted = {0};
            RawDayParquetReader.read(file, document -> {
                content.add(document);
                batch.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq(RawDays.COIN_ID, document.get(RawDays.COIN_ID)),
                                Filters.eq(RawDays.TIMESTAMP, document.get(RawDays.TIMESTAMP))),
                        new Document("$setOnInsert", document), new UpdateOptions().upsert(true)));
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

    private static long write(MongoCollection<Document> target, List<UpdateOneModel<Document>> batch) {
        BulkWriteResult result = target.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        batch.clear();
        return result.getUpserts().size();
    }

    /** What {@code restore} did with one day. */
    public record RestoreOutcome(LocalDate day, DayManifest manifest, String into, long inserted) {

        public String line() {
            return day + ": restored archive version " + manifest.version() + " (" + manifest.rows() + " rows) into "
                    + into + ": " + inserted + " inserted, " + (manifest.rows() - inserted) + " already there";
        }
    }
}
