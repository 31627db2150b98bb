package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import java.time.Duration;
import java.time.LocalDate;

/**
 * The benchmark's baseline: the job's former pipeline for one day ({@link PushPipeline}, one {@code $group} per coin
 * with a {@code $push} of its times), issued with the plain MongoDB driver from a process that does nothing else,
 * into a collection of its own.
 * <p>
 * {@code java -cp … BaselinePipeline <mongodb-uri> <database> <YYYY-MM-DD>}
 */
public final class BaselinePipeline {

    static final String COLLECTION = "baseline_daily";

    private BaselinePipeline() {
    }

    public static void main(String[] args) {
        LocalDate day = LocalDate.parse(args[2]);
        try (MongoClient client = MongoClients.create(args[0])) {
            MongoDatabase database = client.getDatabase(args[1]);
            database.getCollection(COLLECTION).createIndex(Indexes.ascending("coin_id", "date"),
                    new IndexOptions().unique(true));
            database.getCollection("market_data_raw")
                    .aggregate(PushPipeline.forDay(day, COLLECTION, Duration.ofSeconds(30)))
                    .allowDiskUse(true)
                    .toCollection();
        }
    }
}
