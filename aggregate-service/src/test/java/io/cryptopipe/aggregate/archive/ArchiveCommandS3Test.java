package io.cryptopipe.aggregate.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code archive} and {@code restore} against a real S3 API (moto's server over loopback HTTP, signed requests,
 * path-style, an endpoint override: what an S3-compatible store gets), on a copy of the recorded day.
 */
@QuarkusMainTest
@TestProfile(ArchiveToS3.class)
class ArchiveCommandS3Test {

    private static final LocalDate DAY = LocalDate.of(2026, 5, 10);
    private static final String DATA_KEY = ArchiveToS3.PREFIX + "/market_data_raw/date=" + DAY + "/data.parquet";
    private static final String MANIFEST_KEY = ArchiveToS3.PREFIX + "/market_data_raw/date=" + DAY + "/_manifest.json";

    private static S3Client s3;

    @BeforeAll
    static void loadDayAndCreateBucket() {
        MongoCollection<Document> raw = raw();
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        raw.deleteMany(RawDays.ofDay(DAY));
        raw.insertMany(RecordedRawDay.shiftedTo(DAY));
        s3 = MotoS3Server.client();
        if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(ArchiveToS3.BUCKET))) {
            s3.createBucket(request -> request.bucket(ArchiveToS3.BUCKET));
        }
    }

    @AfterAll
    static void removeDayAndClose() {
        // The classes after this one cut the job's coin ranges from the raw collection's coins: leave them theirs.
        raw().deleteMany(RawDays.ofDay(DAY));
        s3.close();
    }

    @Test
    void theDayGoesToTheBucketAsParquetThatDuckDbReadsBackFieldByField(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("archive", "--date", DAY.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("to s3://" + ArchiveToS3.BUCKET + "/" + DATA_KEY);
        assertThat(keys()).contains(DATA_KEY, MANIFEST_KEY);
        Path file = Files.createTempFile("s3-archive", ".parquet");
        Files.delete(file);
        s3.getObject(request -> request.bucket(ArchiveToS3.BUCKET).key(DATA_KEY), ResponseTransformer.toFile(file));
        List<Document> stored = raw().find(RawDays.ofDay(DAY)).sort(Sorts.ascending("coin_id", "timestamp"))
                .into(new ArrayList<>());
        ArchivedFiles.assertRowsEqual(ArchivedFiles.rows(file), stored);
        DayManifest manifest = DayManifest.parse(s3.getObjectAsBytes(request -> request.bucket(ArchiveToS3.BUCKET)
                .key(MANIFEST_KEY)).asByteArray(), MANIFEST_KEY);
        assertThat(manifest.rows()).isEqualTo(stored.size());
        assertThat(manifest.fileSha256()).isEqualTo(Sha256.of(file));
        Files.delete(file);
    }

    @Test
    void archivingAgainWritesNothingAndRestoreReadsTheDayBackFromTheBucket(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("archive", "--date", DAY.toString()).exitCode()).isZero();
        String etag = s3.headObject(request -> request.bucket(ArchiveToS3.BUCKET).key(DATA_KEY)).eTag();
        var modified = s3.headObject(request -> request.bucket(ArchiveToS3.BUCKET).key(DATA_KEY)).lastModified();

        LaunchResult again = launcher.launch("archive", "--date", DAY.toString());

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(again.getOutput()).contains(DAY + ": unchanged since version 1");
        assertThat(s3.headObject(request -> request.bucket(ArchiveToS3.BUCKET).key(DATA_KEY)).eTag()).isEqualTo(etag);
        assertThat(s3.headObject(request -> request.bucket(ArchiveToS3.BUCKET).key(DATA_KEY)).lastModified())
                .isEqualTo(modified);
        assertThat(keys()).noneMatch(key -> key.contains("/history/"));

        LaunchResult restored = launcher.launch("restore", "--date", DAY.toString(), "--into", "s3_restored");

        assertThat(restored.exitCode()).as(restored.getErrorOutput()).isZero();
        List<Document> stored = raw().find(RawDays.ofDay(DAY)).sort(Sorts.ascending("coin_id", "timestamp"))
                .into(new ArrayList<>());
        assertThat(SharedLocalStack.mongoDatabase().getCollection("s3_restored").find(RawDays.ofDay(DAY))
                .sort(Sorts.ascending("coin_id", "timestamp")).into(new ArrayList<>())).isEqualTo(stored);
    }

    private static List<String> keys() {
        return s3.listObjectsV2Paginator(request -> request.bucket(ArchiveToS3.BUCKET)).contents().stream()
                .map(S3Object::key).toList();
    }

    private static MongoCollection<Document> raw() {
        return SharedLocalStack.mongoDatabase().getCollection("market_data_raw");
    }
}
