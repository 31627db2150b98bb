package io.cryptopipe.aggregate.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code archive} and {@code restore} with the archive in a local folder, on the shared recorded day loaded into the
 * wire server the way store-service stores it; the files are read back by DuckDB, not by the writer's library.
 */
@QuarkusMainTest
@TestProfile(ArchiveToFolder.class)
// The first archive of DAY comes first; the other tests archive it again or work on days of their own.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveCommandFolderTest {

    private static final LocalDate DAY = RecordedRawDay.DAY;
    /** A copy of the recorded day for the versioning test, so it can add late data without touching DAY. */
    private static final LocalDate LATE_DATA_DAY = LocalDate.of(2026, 7, 10);

    @BeforeAll
    static void loadRecordedDays() {
        MongoCollection<Document> raw = raw();
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        raw.deleteMany(Filters.or(RawDays.ofDay(DAY), RawDays.ofDay(LATE_DATA_DAY)));
        raw.insertMany(RecordedRawDay.documents());
        raw.insertMany(RecordedRawDay.shiftedTo(LATE_DATA_DAY));
    }

    @AfterAll
    static void removeRecordedDays() {
        // The classes after this one cut the job's coin ranges from the raw collection's coins: leave them theirs.
        raw().deleteMany(Filters.or(RawDays.ofDay(DAY), RawDays.ofDay(LATE_DATA_DAY)));
    }

    @Test
    @Order(1)
    void theArchivedDayReadByDuckDbEqualsTheRawDocumentsFieldByFieldWithTypedColumns(QuarkusMainLauncher launcher)
            throws Exception {
        LaunchResult result = launcher.launch("archive", "--date", DAY.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<Document> stored = storedDay(DAY);
        assertThat(stored).hasSizeGreaterThan(5_000);
        long coins = stored.stream().map(document -> document.getString("coin_id")).distinct().count();
        assertThat(result.getOutput()).contains(DAY + ": archived " + stored.size() + " rows of " + coins
                + " coins as version");
        Path file = dayFolder(DAY).resolve("data.parquet");

        Map<String, String> expectedTypes = new LinkedHashMap<>();
        expectedTypes.put("_id", "VARCHAR");
        expectedTypes.put("coin_id", "VARCHAR");
        expectedTypes.put("timestamp", "TIMESTAMP WITH TIME ZONE");
        expectedTypes.put("fetched_at", "TIMESTAMP WITH TIME ZONE");
        expectedTypes.put("source", "VARCHAR");
        expectedTypes.put("schema_version", "INTEGER");
        expectedTypes.put("symbol", "VARCHAR");
        expectedTypes.put("name", "VARCHAR");
        for (String number : List.of("current_price", "market_cap")) {
            expectedTypes.put(number, "DOUBLE");
        }
        expectedTypes.put("market_cap_rank", "INTEGER");
        for (String number : List.of("total_volume", "high_24h", "low_24h", "price_change_24h",
                "price_change_percentage_24h", "circulating_supply")) {
            expectedTypes.put(number, "DOUBLE");
        }
        assertThat(ArchivedFiles.columnTypes(file)).containsExactlyEntriesOf(expectedTypes);
        // The recorded day has nulls (coins CoinGecko gave no 24 h change for): they must survive as nulls.
        assertThat(stored).anyMatch(document -> document.get("price_change_24h") == null);
        ArchivedFiles.assertRowsEqual(ArchivedFiles.rows(file), stored);

        DayManifest manifest = DayManifest.parse(Files.readAllBytes(dayFolder(DAY).resolve("_manifest.json")), "test");
        assertThat(manifest.rows()).isEqualTo(stored.size());
        assertThat(manifest.coins()).hasSize((int) coins);
        assertThat(manifest.coins().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stored.size());
        assertThat(manifest.coins().get("bitcoin"))
                .isEqualTo(stored.stream().filter(d -> d.getString("coin_id").equals("bitcoin")).count());
        assertThat(manifest.minTimestamp()).isEqualTo(stored.stream().map(d -> d.getDate("timestamp"))
                .min(Date::compareTo).orElseThrow().toInstant());
        assertThat(manifest.maxTimestamp()).isEqualTo(stored.stream().map(d -> d.getDate("timestamp"))
                .max(Date::compareTo).orElseThrow().toInstant());
        assertThat(manifest.fileSha256()).isEqualTo(Sha256.of(file));
        assertThat(manifest.fileBytes()).isEqualTo(Files.size(file));
        assertThat(manifest.schemaVersion()).isEqualTo(RawArchiveSchema.VERSION);
        assertThat(manifest.jobVersion()).isEqualTo("1.0.0-SNAPSHOT");
        assertThat(manifest.compression()).isEqualTo("ZSTD");
        // Nothing half-written is left beside the committed files.
        try (var files = Files.list(dayFolder(DAY))) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("data.parquet", "_manifest.json");
        }
    }

    @Test
    void archivingAnUnchangedDayAgainWritesNothing(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch("archive", "--date", DAY.toString()).exitCode()).isZero();
        Path folder = dayFolder(DAY);
        byte[] data = Files.readAllBytes(folder.resolve("data.parquet"));
        byte[] manifest = Files.readAllBytes(folder.resolve("_manifest.json"));
        var modified = Files.getLastModifiedTime(folder.resolve("data.parquet"));

        LaunchResult again = launcher.launch("archive", "--date", DAY.toString());

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(again.getOutput()).contains(DAY + ": unchanged since version");
        assertThat(Files.readAllBytes(folder.resolve("data.parquet"))).isEqualTo(data);
        assertThat(Files.readAllBytes(folder.resolve("_manifest.json"))).isEqualTo(manifest);
        assertThat(Files.getLastModifiedTime(folder.resolve("data.parquet"))).isEqualTo(modified);
        assertThat(ArchiveToFolder.FOLDER.resolve("history/market_data_raw/date=" + DAY)).doesNotExist();
    }

    @Test
    void lateDataMakesANewVersionAndTheOldOneIsKeptInHistory(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch("archive", "--date", LATE_DATA_DAY.toString()).exitCode()).isZero();
        Path folder = dayFolder(LATE_DATA_DAY);
        byte[] firstData = Files.readAllBytes(folder.resolve("data.parquet"));
        DayManifest first = DayManifest.parse(Files.readAllBytes(folder.resolve("_manifest.json")), "test");
        Document late = new Document(storedDay(LATE_DATA_DAY).get(0));
        late.put("_id", new ObjectId());
        late.put("timestamp", new Date(late.getDate("timestamp").getTime() + 1));
        raw().insertOne(late);

        LaunchResult result = launcher.launch("archive", "--date", LATE_DATA_DAY.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains(LATE_DATA_DAY + ": archived " + (first.rows() + 1) + " rows of "
                + first.coins().size() + " coins as version " + (first.version() + 1));
        DayManifest second = DayManifest.parse(Files.readAllBytes(folder.resolve("_manifest.json")), "test");
        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(second.rows()).isEqualTo(first.rows() + 1);
        ArchivedFiles.assertRowsEqual(ArchivedFiles.rows(folder.resolve("data.parquet")), storedDay(LATE_DATA_DAY));
        Path history = ArchiveToFolder.FOLDER.resolve("history/market_data_raw/date=" + LATE_DATA_DAY + "/v"
                + first.version());
        assertThat(Files.readAllBytes(history.resolve("data.parquet"))).isEqualTo(firstData);
        assertThat(DayManifest.parse(Files.readAllBytes(history.resolve("_manifest.json")), "test")).isEqualTo(first);
    }

    @Test
    void aDayWithFewerRowsThanItsArchiveKeepsTheArchive(QuarkusMainLauncher launcher) throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 10);
        raw().insertMany(RecordedRawDay.shiftedTo(day));
        assertThat(launcher.launch("archive", "--date", day.toString()).exitCode()).isZero();
        byte[] data = Files.readAllBytes(dayFolder(day).resolve("data.parquet"));
        // As if the TTL had deleted the day's first hours.
        raw().deleteMany(Filters.and(RawDays.ofDay(day),
                Filters.lt("timestamp", Date.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600)))));

        LaunchResult result = launcher.launch("archive", "--date", day.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("fewer than the", "kept, nothing written");
        assertThat(Files.readAllBytes(dayFolder(day).resolve("data.parquet"))).isEqualTo(data);
        raw().deleteMany(RawDays.ofDay(day));
    }

    @Test
    void restoreRoundTripGivesTheSameDocumentsAndTheSameDailyStatistics(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("--date", DAY.toString()).exitCode()).isZero();
        List<Document> dailyBefore = daily(DAY);
        List<Document> rawBefore = storedDay(DAY);
        assertThat(launcher.launch("archive", "--date", DAY.toString()).exitCode()).isZero();

        // Into the default collection beside the live one first: exactly the stored documents, _id included.
        LaunchResult aside = launcher.launch("restore", "--date", DAY.toString());
        assertThat(aside.exitCode()).as(aside.getErrorOutput()).isZero();
        assertThat(aside.getOutput()).contains(DAY + ": restored archive version", "into market_data_raw_restored: "
                + rawBefore.size() + " inserted, 0 already there");
        assertThat(day(database().getCollection("market_data_raw_restored"), DAY)).isEqualTo(rawBefore);

        // The day lost from the live collection, then restored into it, then aggregated again.
        raw().deleteMany(RawDays.ofDay(DAY));
        LaunchResult restored = launcher.launch("restore", "--date", DAY.toString(), "--into", "market_data_raw");
        assertThat(restored.exitCode()).as(restored.getErrorOutput()).isZero();
        assertThat(storedDay(DAY)).isEqualTo(rawBefore);
        LaunchResult aggregated = launcher.launch("--date", DAY.toString());
        assertThat(aggregated.exitCode()).as(aggregated.getErrorOutput()).isZero();
        assertThat(daily(DAY)).isEqualTo(dailyBefore);

        // Restoring again adds nothing.
        LaunchResult twice = launcher.launch("restore", "--date", DAY.toString(), "--into", "market_data_raw");
        assertThat(twice.getOutput()).contains("0 inserted, " + rawBefore.size() + " already there");
        assertThat(storedDay(DAY)).hasSize(rawBefore.size());
    }

    @Test
    void restoringADayWithoutArchiveFailsWithOneLine(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("restore", "--date", "2020-01-01");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput().strip()).startsWith("aggregate-service restore: failed at 2020-01-01")
                .contains("no archive of 2020-01-01").doesNotContain("\n");
    }

    static Path dayFolder(LocalDate day) {
        return ArchiveToFolder.FOLDER.resolve("market_data_raw/date=" + day);
    }

    private static List<Document> storedDay(LocalDate day) {
        return day(raw(), day);
    }

    private static List<Document> day(MongoCollection<Document> collection, LocalDate day) {
        return collection.find(RawDays.ofDay(day)).sort(Sorts.ascending("coin_id", "timestamp"))
                .into(new ArrayList<>());
    }

    private static List<Document> daily(LocalDate day) {
        return database().getCollection("market_data_daily").find(Filters.eq("date", day.toString()))
                .sort(Sorts.ascending("coin_id")).into(new ArrayList<>());
    }

    private static MongoCollection<Document> raw() {
        return database().getCollection("market_data_raw");
    }

    private static MongoDatabase database() {
        return SharedLocalStack.mongoDatabase();
    }
}
