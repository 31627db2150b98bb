package io.cryptopipe.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.cryptopipe.contract.CollectionNames;
import org.bson.BsonDocument;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code market_data_raw} as stored, with the BSON types the server holds.
 */
public final class StoredObservations {

    private final MongoCollection<BsonDocument> collection;

    public StoredObservations(MongoClient client) {
        String database = ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class);
        this.collection = client.getDatabase(database).getCollection(CollectionNames.RAW, BsonDocument.class);
    }

    public MongoCollection<BsonDocument> collection() {
        return collection;
    }

    /** The stored documents of these records' observations, by identity; every copy counts. */
    public Map<Identity, List<BsonDocument>> of(List<ObjectNode> records) {
        List<Date> timestamps = records.stream().map(r -> Date.from(Identity.of(r).timestamp())).distinct().toList();
        Map<Identity, List<BsonDocument>> stored = new HashMap<>();
        for (BsonDocument doc : collection.find(Filters.in("timestamp", timestamps))) {
            Identity identity = new Identity(doc.getString("coin_id").getValue(),
                    Instant.ofEpochMilli(doc.getDateTime("timestamp").getValue()));
            stored.computeIfAbsent(identity, i -> new ArrayList<>()).add(doc);
        }
        stored.keySet().retainAll(records.stream().map(Identity::of).toList());
        return stored;
    }

    /** How many documents these records' observations have, copies included. */
    public long count(List<ObjectNode> records) {
        return of(records).values().stream().mapToLong(List::size).sum();
    }

    public record Identity(String coinId, Instant timestamp) {
        public static Identity of(ObjectNode record) {
            return new Identity(record.get("coin_id").asText(), Instant.parse(record.get("timestamp").asText()));
        }
    }
}
