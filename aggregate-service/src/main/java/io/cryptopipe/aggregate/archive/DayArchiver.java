package io.cryptopipe.aggregate.archive;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Archives one UTC day of the raw collection: streams its documents into a Parquet file (a local temporary file,
 * one row group in memory), summing up their content on the way, then compares that with the day's manifest.
 * <ul>
 *     <li>no manifest: stores the file, then the manifest (version 1);</li>
 *     <li>the same content: stores nothing;</li>
 *     <li>other content with at least as many rows (late data): keeps the current version under {@code history/},
 *     then replaces the file, then the manifest (version + 1);</li>
 *     <li>fewer rows than archived: stores nothing, because the database has lost part of the day (expired or
 *     deleted) and the archive is now the more complete copy.</li>
 * </ul>
 * Each object appears whole or not at all (see {@link ArchiveStore}); a crash between the file and its manifest
 * leaves a manifest that no longer matches, and the next run writes the day again.
 */
@ApplicationScoped
public class DayArchiver {

    private static final Logger LOG = Logger.getLogger(DayArchiver.class);

    private final RawDays rawDays;
    private final ArchiveConfig config;
    private final Clock clock;
    private final String jobVersion;

    public DayArchiver(RawDays rawDays, ArchiveConfig config, Clock clock,
            @ConfigProperty(name = "quarkus.application.version") String jobVersion) {
        this.rawDays = rawDays;
        this.config = config;
        this.clock = clock;
        this.jobVersion = jobVersion;
    }

    public ArchiveOutcome archive(LocalDate day, ArchiveStore store) throws IOException {
        String collection = rawDays.rawCollectionName();
        ArchiveLayout layout = new ArchiveLayout(collection);
        Optional<DayManifest> current = manifest(store, layout, day);
        Path file = Files.createTempFile("archive-" + day + "-", ".parquet");
        try {
            long started = System.nanoTime();
            DayContent content = new DayContent();
            try (RawDayParquetWriter writer = new RawDayParquetWriter(file, config.rowGroupSize().asLongValue(),
                    Map.of("cryptopipe.archive.collection", collection, "cryptopipe.archive.date", day.toString()))) {
                rawDays.forEach(day, document -> {
                    content.add(document);
                    try {
                        writer.write(document);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            LOG.debugf("%s: %d rows written to %s in %d ms", day, content.rows(), file,
                    (System.nanoTime() - started) / 1_000_000);
            if (content.rows() == 0) {
                return current.map(manifest -> ArchiveOutcome.noDataArchiveKept(day, manifest, store.describe(layout.data(day))))
                        .orElseGet(() -> ArchiveOutcome.noData(day));
            }
            if (current.isPresent()) {
                DayManifest manifest = current.get();
                if (manifest.contentSha256().equals(content.checksum()) && manifest.rows() == content.rows()) {
                    return ArchiveOutcome.unchanged(day, manifest, store.describe(layout.data(day)));
                }
                if (content.rows() < manifest.rows()) {
                    return ArchiveOutcome.fewerRows(day, manifest, content.rows(), store.describe(layout.data(day)));
                }
                keepInHistory(store, layout, manifest);
            }
            int version = current.map(manifest -> manifest.version() + 1).orElse(1);
            DayManifest manifest = new DayManifest(collection, day, version, RawArchiveSchema.VERSION, jobVersion,
                    clock.instant(), content.rows(), content.coins(), content.minTimestamp(), content.maxTimestamp(),
                    content.checksum(), ArchiveLayout.DATA_FILE, Files.size(file), Sha256.of(file), "ZSTD");
            // The file first, then the manifest: a manifest never announces a file that is not there.
            store.put(layout.data(day), file);
            store.put(layout.manifest(day), manifest.toJson());
            return ArchiveOutcome.archived(day, manifest, store.describe(layout.data(day)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The day's current manifest, if it was archived. */
    static Optional<DayManifest> manifest(ArchiveStore store, ArchiveLayout layout, LocalDate day) throws IOException {
        String key = layout.manifest(day);
        Optional<byte[]> json = store.read(key);
        return json.map(bytes -> DayManifest.parse(bytes, store.describe(key)));
    }

    /**
     * Copies the current version to {@code history/…/v<n>/} unless a copy is already there: after a run that stopped
     * between the file and the manifest, the current file is already the newer one, and the copy made before it is
     * the one to keep.
     */
    private static void keepInHistory(ArchiveStore store, ArchiveLayout layout, DayManifest manifest)
            throws IOException {
        LocalDate day = manifest.date();
        int version = manifest.version();
        if (store.exists(layout.historyManifest(day, version))) {
            return;
        }
        store.copy(layout.data(day), layout.historyData(day, version));
        store.copy(layout.manifest(day), layout.historyManifest(day, version));
    }
}
