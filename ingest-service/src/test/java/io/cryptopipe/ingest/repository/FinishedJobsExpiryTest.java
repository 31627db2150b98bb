package io.cryptopipe.ingest.repository;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.service.RepairCoin;
import io.cryptopipe.ingest.service.RepairJob;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Finished repair jobs expire after {@code ingest.repair.finished-retention}; open ones never. Against the MongoDB wire
 * server, which keeps and lists a TTL index but never expires a document: the index and the documents it applies to
 * are checked here, the expiry itself only on a real server (the {@code real-mongodb} profile).
 */
class FinishedJobsExpiryTest {

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final List<RepairCoin> COINS = List.of(new RepairCoin("bitcoin", "btc", "Bitcoin"));

    @RegisterExtension
    static final FreshMongoCollection MONGO = new FreshMongoCollection("market_repair_jobs");

    private MongoRepairJobs store(Duration retention) {
        return new MongoRepairJobs(MONGO.collection(), MONGO.sibling("ingest_leases"), retention);
    }

    private static RepairJob job(Instant from) {
        return RepairJob.open(from, from.plus(Duration.ofMinutes(20)), from.plus(Duration.ofMinutes(21)), COINS);
    }

    @Test
    void theFirstLookForJobsMakesATtlIndexOnFinishedAtWhichOnlyFinishedJobsHave() {
        Instant hole = Instant.parse("2026-12-01T10:00:00Z");
        MongoRepairJobs jobs = store(RETENTION);
        jobs.open(job(hole));
        jobs.open(job(hole.plus(Duration.ofHours(1))));
        jobs.finish(job(hole), "repaired", hole.plus(Duration.ofMinutes(30)));

        try (LogCapture log = LogCapture.start()) {
            assertThat(jobs.unfinished()).singleElement()
                    .satisfies(open -> assertThat(open.from()).isEqualTo(hole.plus(Duration.ofHours(1))));
            jobs.unfinished();
            assertThat(log.lines()).filteredOn(line -> line.startsWith("Finished repair jobs")).singleElement()
                    .asString().contains("market_repair_jobs", "PT720H");
        }

        assertThat(onFinishedAt()).singleElement().satisfies(index -> {
            assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(2_592_000L);
            // No partial filter: the TTL monitor leaves alone documents without the field, i.e. open jobs.
            assertThat(index.containsKey("partialFilterExpression")).isFalse();
        });
        assertThat(MONGO.collection().find(new Document("status", "finished")).first().get("finished_at"))
                .isInstanceOf(Date.class);
        assertThat(MONGO.collection().find(new Document("status", "open")).first()).doesNotContainKey("finished_at");
    }

    @Test
    void anIndexWithAnotherTtlIsLeftAsItIsWithOneWarningThatGivesTheCollMod() {
        MONGO.collection().createIndex(Indexes.ascending("finished_at"),
                new IndexOptions().expireAfter(7L, TimeUnit.DAYS));
        MongoRepairJobs jobs = store(RETENTION);

        try (LogCapture log = LogCapture.start()) {
            jobs.unfinished();
            jobs.unfinished();
            assertThat(log.lines()).filteredOn(line -> line.contains("ingest.repair.finished-retention"))
                    .singleElement().asString().contains("expireAfterSeconds 604800", "2592000 s",
                            "db.runCommand({collMod: \"market_repair_jobs\", index: {keyPattern: {finished_at: 1},"
                                    + " expireAfterSeconds: 2592000}})");
        }
        assertThat(onFinishedAt()).singleElement().satisfies(index ->
                assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(604_800L));
    }

    @Test
    void aRetentionMongoDbCannotTakeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> store(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ingest.repair.finished-retention");
        assertThatThrownBy(() -> store(Duration.ofDays(36_500))).isInstanceOf(IllegalArgumentException.class);
    }

    /** MongoDB's TTL monitor runs every 60 s: the wait allows a few rounds. */
    @Test
    @Tag(TestMongo.REAL_SERVER_ONLY)
    void theTtlMonitorDeletesJobsFinishedLongerAgoThanTheRetentionAndKeepsOpenOnes() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MongoRepairJobs jobs = store(Duration.ofHours(1));
        jobs.open(job(now.minus(Duration.ofDays(3))));
        jobs.open(job(now.minus(Duration.ofDays(2))));
        jobs.open(job(now.minus(Duration.ofMinutes(30))));
        jobs.finish(job(now.minus(Duration.ofDays(3))), "repaired", now.minus(Duration.ofDays(3)));
        jobs.finish(job(now.minus(Duration.ofMinutes(30))), "repaired", now.minus(Duration.ofMinutes(5)));
        jobs.unfinished();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5))
                .until(() -> MONGO.collection().countDocuments() == 2);
        assertThat(jobs.unfinished()).as("the open job, two days old").hasSize(1);
        assertThat(MONGO.collection().countDocuments(new Document("status", "finished")))
                .as("the job finished five minutes ago").isOne();
    }

    private List<Document> onFinishedAt() {
        List<Document> indexes = MONGO.collection().listIndexes().into(new ArrayList<>());
        return indexes.stream().filter(index -> index.get("key", Document.class).containsKey("finished_at")).toList();
    }
}
