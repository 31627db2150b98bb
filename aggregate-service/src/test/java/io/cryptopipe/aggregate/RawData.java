package io.cryptopipe.aggregate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;

import java.util.List;

/** Loads raw documents into the shared MongoDB, with the indexes store-service keeps on the collection. */
public final class RawData {

    private static final int INSERT_CHUNK = 5_000;

    private RawData() {
    }

    public static void insert(List<Document> documents) {
        insert(SharedLocalStack.mongoDatabase(), documents);
    }

    /** Into {@code database}: the one a {@code @QuarkusTest}'s own client is configured with. */
    public static void insert(MongoDatabase database, List<Document> documents) {
        MongoCollection<Document> raw = database.getCollection("market_data_raw");
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        for (int from = 0; from < documents.size(); from += INSERT_CHUNK) {
            raw.insertMany(documents.subList(from, Math.min(documents.size(), from + INSERT_CHUNK)),
                    new InsertManyOptions().ordered(false));
        }
    }
}
