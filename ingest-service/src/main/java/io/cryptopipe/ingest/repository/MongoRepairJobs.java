package io.cryptopipe.ingest.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.cryptopipe.ingest.service.RepairCoin;
import io.cryptopipe.ingest.service.RepairJob;
import io.cryptopipe.ingest.service.RepairJobs;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The repair jobs as one document each in {@code market_repair_jobs} ({@code {_id: hole start, from, until,
 * opened_at, coins: [{id, symbol, name}], done: [ids], status: open|finished, outcome, finished_at}}), a finished
 * one deleted by MongoDB {@code ingest.repair.finished-retention} after it finished ({@link FinishedJobsExpiry}), and
 * the last successful poll as one document beside the poller lease, so that whichever replica polls next, after a
 * restart or a takeover, sees how long nobody polled.
 * <p>
 * Each write touches one document, which MongoDB applies atomically. The last poll moves forward only: its update
 * matches only an earlier poll, and an upsert that finds a later one fails with a duplicate key, which means "a later
 * poll is recorded". A job's {@code _id} is its hole's start, so a hole opened twice is one job (duplicate key).
 * A coin is marked done with {@code $addToSet}, which adds it once however often it is retried.
 */
public final class MongoRepairJobs implements RepairJobs {

    static final String LAST_POLL_ID = "market-poll-last-success";

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> leases;
    private final FinishedJobsExpiry expiry;

    /** @param finishedRetention how long a finished job is kept */
    public MongoRepairJobs(MongoCollection<Document> jobs, MongoCollection<Document> leases,
            Duration finishedRetention) {
        this.jobs = jobs;
        this.leases = leases;
        this.expiry = new FinishedJobsExpiry(jobs, finishedRetention);
    }

    @Override
    public Optional<LastPoll> polled(LastPoll poll) {
        try {
            Document before = leases.findOneAndUpdate(
                    new Document("_id", LAST_POLL_ID).append("polled_at", new Document("$lt", Date.from(poll.at()))),
                    Updates.combine(Updates.set("polled_at", Date.from(poll.at())),
                            Updates.set("coins", coinDocuments(poll.coins()))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
            return before == null ? Optional.empty()
                    : Optional.of(new LastPoll(before.getDate("polled_at").toInstant(), coins(before)));
        } catch (MongoException e) {
            if (isDuplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void open(RepairJob job) {
        try {
            jobs.insertOne(new Document("_id", job.id())
                    .append("from", Date.from(job.from()))
                    .append("until", Date.from(job.until()))
                    .append("opened_at", Date.from(job.openedAt()))
                    .append("coins", coinDocuments(job.coins()))
                    .append("done", List.of())
                    .append("status", "open"));
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    @Override
    public List<RepairJob> unfinished() {
        expiry.ensure();
        List<RepairJob> open = new ArrayList<>();
        for (Document job : jobs.find(new Document("status", "open")).sort(Sorts.ascending("from"))) {
            open.add(new RepairJob(job.getString("_id"), job.getDate("from").toInstant(),
                    job.getDate("until").toInstant(), job.getDate("opened_at").toInstant(), coins(job),
                    new HashSet<>(job.getList("done", String.class, List.of()))));
        }
        return open;
    }

    @Override
    public void coinDone(RepairJob job, String coinId) {
        jobs.updateOne(new Document("_id", job.id()), Updates.addToSet("done", coinId));
    }

    @Override
    public void finish(RepairJob job, String outcome, Instant at) {
        jobs.updateOne(new Document("_id", job.id()).append("status", "open"), Updates.combine(
                Updates.set("status", "finished"), Updates.set("outcome", outcome),
                Updates.set(FinishedJobsExpiry.FIELD, Date.from(at))));
    }

    private static List<Document> coinDocuments(List<RepairCoin> coins) {
        return coins.stream().map(coin -> new Document("id", coin.id()).append("symbol", coin.symbol())
                .append("name", coin.name())).toList();
    }

    private static List<RepairCoin> coins(Document document) {
        return document.getList("coins", Document.class, List.of()).stream()
                .map(coin -> new RepairCoin(coin.getString("id"), coin.getString("symbol"), coin.getString("name")))
                .toList();
    }

    private static boolean isDuplicateKey(MongoException e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
