package io.cryptopipe.store.repository;

import com.mongodb.client.model.IndexOptions;
import org.bson.Document;

import java.util.concurrent.TimeUnit;

/**
 * One index the store needs: its key pattern and the options that change what it does. The name is only what the
 * store calls it when it creates it; an existing index with the same key and options serves under any name.
 *
 * @param purpose what the index is for, in the words of an error message
 */
public record IndexSpec(String name, Document keys, boolean unique, Ttl ttl, String purpose) {

    IndexOptions options() {
        IndexOptions options = new IndexOptions().name(name).unique(unique);
        if (ttl.isSet()) {
            options.expireAfter(ttl.seconds(), TimeUnit.SECONDS);
        }
        return options;
    }

    String describe() {
        return keys.toJson() + (unique ? " unique" : "") + (ttl.isSet() ? " TTL " + ttl : "");
    }
}
