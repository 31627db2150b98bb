package io.cryptopipe.ingest;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cryptopipe.testsupport.LocalStackTestResource;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * The local stack with the poller lease already held by another replica ({@value #RIVAL}) when the service starts,
 * as when a second replica joins a running deployment.
 */
public class LeasedLocalStackTestResource extends LocalStackTestResource {

    public static final String RIVAL = "rival-replica";
    public static final String COLLECTION = "ingest_leases";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try (MongoClient client = MongoClients.create(testMongo().connectionString())) {
            client.getDatabase(testMongo().database()).getCollection(COLLECTION).insertOne(new Document("_id", "market-poll")
                    .append("holder", RIVAL)
                    .append("expires_at", Date.from(Instant.now().plus(Duration.ofMinutes(2)))));
        }
        return config;
    }
}
