package io.cryptopipe.aggregate.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The job's collections in its database, by role, with the names every service reads ({@link SharedNames}). */
@ApplicationScoped
public class JobCollections {

    private final MongoClient client;
    private final String database;
    private final SharedNames.CollectionSettings names;

    public JobCollections(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            SharedNames shared) {
        this.client = client;
        this.database = database;
        this.names = shared.collections();
    }

    /** The collections' names. */
    public SharedNames.CollectionSettings names() {
        return names;
    }

    /** Raw observations. */
    public MongoCollection<Document> raw() {
        return named(names.raw());
    }

    /** Daily statistics. */
    public MongoCollection<Document> daily() {
        return named(names.daily());
    }

    /** Daily data-quality reports. */
    public MongoCollection<Document> quality() {
        return named(names.quality());
    }

    /** Any collection of the job's database (a restore's target). */
    public MongoCollection<Document> named(String name) {
        return client.getDatabase(database).getCollection(name);
    }
}
