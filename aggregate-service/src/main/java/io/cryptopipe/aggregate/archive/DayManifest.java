package io.cryptopipe.aggregate.archive;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON file next to each archived day ({@code _manifest.json}): what the day's Parquet file holds and how to
 * check it without reading it. Written after the data file, so a manifest never describes a file that is not there.
 *
 * @param version        1 for a day's first archive, one more for each re-archive after the database changed
 * @param contentSha256  {@link DayContent}'s checksum of the rows
 * @param fileSha256     SHA-256 of the Parquet file's bytes, checked by {@code restore} before it reads a row
 */
public record DayManifest(String collection, LocalDate date, int version, int schemaVersion, String jobVersion,
        Instant archivedAt, long rows, Map<String, Long> coins, Instant minTimestamp, Instant maxTimestamp,
        String contentSha256, String file, long fileBytes, String fileSha256, String compression) {

    public static final int FORMAT = 1;

    private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true)
            .build();

    public byte[] toJson() {
        Document coinCounts = new Document();
        coins.forEach(coinCounts::append);
        Document document = new Document("manifest_format", FORMAT)
                .append("collection", collection)
                .append("date", date.toString())
                .append("version", version)
                .append("schema_version", schemaVersion)
                .append("job_version", jobVersion)
                .append("archived_at", archivedAt.toString())
                .append("rows", rows)
                .append("coins", coinCounts)
                .append("min_timestamp", minTimestamp.toString())
                .append("max_timestamp", maxTimestamp.toString())
                .append("content_sha256", contentSha256)
                .append("file", file)
                .append("file_bytes", fileBytes)
                .append("file_sha256", fileSha256)
                .append("compression", compression);
        return (document.toJson(JSON) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ArchiveFormatException when the JSON is not a manifest this job can read */
    public static DayManifest parse(byte[] json, String where) {
        try {
            Document document = Document.parse(new String(json, StandardCharsets.UTF_8));
            if (document.get("manifest_format", Number.class).intValue() != FORMAT) {
                throw new ArchiveFormatException(where + " has manifest format " + document.get("manifest_format"));
            }
            Map<String, Long> coins = new LinkedHashMap<>();
            document.get("coins", Document.class).forEach((coin, count) -> coins.put(coin, ((Number) count).longValue()));
            return new DayManifest(document.getString("collection"), LocalDate.parse(document.getString("date")),
                    document.get("version", Number.class).intValue(),
                    document.get("schema_version", Number.class).intValue(), document.getString("job_version"),
                    Instant.parse(document.getString("archived_at")), document.get("rows", Number.class).longValue(),
                    coins, Instant.parse(document.getString("min_timestamp")),
                    Instant.parse(document.getString("max_timestamp")), document.getString("content_sha256"),
                    document.getString("file"), document.get("file_bytes", Number.class).longValue(),
                    document.getString("file_sha256"), document.getString("compression"));
        } catch (RuntimeException e) {
            if (e instanceof ArchiveFormatException) {
                throw e;
            }
            throw new ArchiveFormatException(where + " is not a readable manifest: " + e.getMessage());
        }
    }
}
