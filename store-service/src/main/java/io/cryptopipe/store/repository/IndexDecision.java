package io.cryptopipe.store.repository;

import org.bson.Document;

/** What the store does about one index it needs, decided from the collection's {@code listIndexes}. */
public sealed interface IndexDecision {

    /** An index with the key and options is there (under {@code existingName}): nothing to do. */
    record Present(String existingName) implements IndexDecision {
    }

    /** No index has the key: build it. */
    record Create(IndexSpec spec) implements IndexDecision {
    }

    /** The index is there with the TTL the operator said to replace: change it in place, without a rebuild. */
    record ChangeTtl(String existingName, Ttl from, Ttl to) implements IndexDecision {

        /** The {@code collMod} command; by name, since a key pattern may match more than one index. */
        public Document command(String collection) {
            return new Document("collMod", collection)
                    .append("index", new Document("name", existingName).append("expireAfterSeconds", to.seconds()));
        }
    }

    /** Something only an operator can resolve; {@code message} names the index and what to do. */
    record Conflict(String message) implements IndexDecision {
    }
}
