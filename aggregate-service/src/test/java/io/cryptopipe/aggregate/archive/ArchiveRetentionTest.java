package io.cryptopipe.aggregate.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.aggregate.SharedLocalStack;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention check after {@code archive}: a raw collection with a TTL (store-service's {@code timestamp} index) and
 * a day whose observations start to expire in 10 days, inside the 30-day margin. The wire server keeps the TTL's
 * definition and never expires anything, which is all the check reads.
 */
@QuarkusMainTest
@TestProfile(ArchiveRetentionTest.RetentionProfile.class)
class ArchiveRetentionTest {

    private static final String COLLECTION = "retention_raw";
    /** Far in the past, so the days around it hold nothing else of the shared server. */
    private static final LocalDate DAY = LocalDate.of(2023, 3, 1);
    private static final LocalDate EMPTY_DAY = LocalDate.of(2023, 1, 1);

    public static class RetentionProfile extends SharedLocalStack {

        static final Path FOLDER = folder();

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("market.collections.raw", COLLECTION);
            config.put("aggregate.archive.target", FOLDER.toUri().toString());
            return config;
        }

        private static Path folder() {
            try {
                return Files.createTempDirectory("aggregate-archive-retention");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeAll
    static void rawCollectionWithATtlThatReachesTheDayIn10Days() {
        MongoCollection<Document> raw = raw();
        raw.drop();
        Instant dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        // Minutes of test runtime do not move the day across the 30-day margin's edge: 10 days leave 20 either way.
        long ttl = Duration.between(dayStart, Instant.now()).plusDays(10).toSeconds();
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"), new IndexOptions().expireAfter(ttl, TimeUnit.SECONDS));
        raw.insertMany(List.of(observation(dayStart.plusSeconds(60), "bitcoin"),
                observation(dayStart.plusSeconds(120), "bitcoin"), observation(dayStart.plusSeconds(60), "ethereum")));
    }

    @AfterAll
    static void dropCollection() {
        raw().drop();
    }

    @Test
    void aDayAboutToExpireFailsTheArchiveUntilItIsArchivedWithAllItsRows(QuarkusMainLauncher launcher) {
        LaunchResult unarchived = launcher.launch("archive", "--date", EMPTY_DAY.toString());

        assertThat(unarchived.exitCode()).as(unarchived.getOutput()).isEqualTo(3);
        assertThat(unarchived.getErrorOutput().strip())
                .startsWith("aggregate-service archive: retention: 1 day(s) start to expire within 30 days")
                .contains(DAY + " (3 rows, no archive)").doesNotContain("\n");

        LaunchResult archived = launcher.launch("archive", "--date", DAY.toString());

        assertThat(archived.exitCode()).as(archived.getErrorOutput()).isZero();
        assertThat(archived.getOutput()).contains(DAY + ": archived 3 rows of 2 coins as version 1");

        raw().insertOne(observation(DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(180), "bitcoin"));
        LaunchResult late = launcher.launch("archive", "--date", EMPTY_DAY.toString());

        assertThat(late.exitCode()).isEqualTo(3);
        assertThat(late.getErrorOutput()).contains(DAY + " (4 rows, archive has 3)");
        assertThat(launcher.launch("archive", "--date", DAY.toString()).exitCode()).isZero();
        assertThat(launcher.launch("archive", "--date", EMPTY_DAY.toString()).exitCode()).isZero();
    }

    private static Document observation(Instant timestamp, String coin) {
        return new Document("_id", new ObjectId()).append("coin_id", coin).append("timestamp", Date.from(timestamp))
                .append("fetched_at", Date.from(timestamp.plusSeconds(5))).append("source", "poll")
                .append("schema_version", 1).append("symbol", coin.substring(0, 3)).append("name", coin)
                .append("current_price", 100.0).append("market_cap", null).append("market_cap_rank", null)
                .append("total_volume", 5.0).append("high_24h", 101.0).append("low_24h", 99.0)
                .append("price_change_24h", -0.5).append("price_change_percentage_24h", -0.5)
                .append("circulating_supply", null);
    }

    private static MongoCollection<Document> raw() {
        return SharedLocalStack.mongoDatabase().getCollection(COLLECTION);
    }
}
