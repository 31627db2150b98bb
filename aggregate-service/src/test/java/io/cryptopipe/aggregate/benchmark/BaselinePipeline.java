package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.aggregate.model.CoinIdRange;
import io.cryptopipe.aggregate.repository.pipeline.DailyPipeline;
import org.bson.Document;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline of one day issued with the plain MongoDB driver from a process that does nothing else, into a
 * collection of its own: {@code push}, the job's former pipeline ({@link PushPipeline}, the benchmark's baseline), or
 * {@code slots}, the job's pipeline ({@link DailyPipeline}) over the same coin ranges the job makes.
 * <p>
 * {@code java -cp … BaselinePipeline <mongodb-uri> <database> <YYYY-MM-DD> push|slots <coins-per-pipeline>}
 */
public final class BaselinePipeline {

    static final String PUSH_COLLECTION = "baseline_push_daily";
    static final String SLOTS_COLLECTION = "baseline_slots_daily";
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private BaselinePipeline() {
    }

    public static void main(String[] args) {
        LocalDate day = LocalDate.parse(args[2]);
        boolean push = args[3].equals("push");
        String collection = push ? PUSH_COLLECTION : SLOTS_COLLECTION;
        try (MongoClient client = MongoClients.create(args[0])) {
            MongoDatabase database = client.getDatabase(args[1]);
            database.getCollection(collection).createIndex(Indexes.ascending("coin_id", "date"),
                    new IndexOptions().unique(true));
            MongoCollection<Document> raw = database.getCollection("market_data_raw");
            if (push) {
                raw.aggregate(PushPipeline.forDay(day, collection, INTERVAL)).allowDiskUse(true).toCollection();
                return;
            }
            List<String> coins = raw.distinct("coin_id", String.class).into(new ArrayList<>());
            coins.sort(CoinIdRange.MONGODB_ORDER);
            for (CoinIdRange range : CoinIdRange.covering(coins, Integer.parseInt(args[4]))) {
                DailyPipeline.over(raw, day, collection, INTERVAL, Duration.ofMinutes(5), range).toCollection();
            }
        }
    }
}
