package io.cryptopipe.store.repository;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawField;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.runtime.SharedNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The raw collection's write side: each batch as one unordered insert against the unique identity index, once
 * {@link RawIndexes} made sure of it, and the server's answer mapped back to each record. The index makes the insert
 * "first version wins": a stored observation answers a duplicate-key error, which is a duplicate, not a failure.
 */
@ApplicationScoped
public class RawObservationRepository {

    // Unordered: one refused document does not stop the others, and the server may insert them in any order.
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final Bson IDENTITY_ONLY = Projections.fields(
            Projections.include(RawField.COIN_ID.fieldName(), RawField.TIMESTAMP.fieldName()),
            Projections.excludeId());

    private final RawIndexes indexes;
    private final MongoCollection<BsonDocument> collection;

    @Inject
    RawObservationRepository(RawIndexes indexes, MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, SharedNames names) {
        this(indexes, client.getDatabase(database).getCollection(names.collections().raw(), BsonDocument.class));
    }

    RawObservationRepository(RawIndexes indexes, MongoCollection<BsonDocument> collection) {
        this.indexes = indexes;
        this.collection = collection;
    }

    /**
     * Inserts the records in one unordered insert and says what became of each.
     *
     * @throws IndexesNotReadyException before the indexes are there; the caller retries as after any failure
     * @throws com.mongodb.MongoException when the insert as a whole failed (no server, timeout, network, write
     *                                    concern): none of it can be counted; inserting it again is safe
     */
    public InsertAnswer insert(List<MarketRecord> records) {
        indexes.requireReady();
        List<BsonDocument> documents = new ArrayList<>(records.size());
        int[] positions = new int[records.size()];
        List<InsertAnswer.Refused> unwritable = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                documents.add(ObservationCodec.document(records.get(i)));
                positions[documents.size() - 1] = i;
            } catch (IllegalArgumentException e) {
                unwritable.add(new InsertAnswer.Refused(i, ReasonCode.CONTRACT_VIOLATION,
                        "a time beyond what a BSON date can hold (" + e.getMessage() + ")"));
            }
        }
        List<BulkWriteError> errors = List.of();
        if (!documents.isEmpty()) {
            try {
                collection.insertMany(documents, UNORDERED);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    // Applied but not acknowledged as durable: the whole batch goes again.
                    throw e;
                }
                errors = e.getWriteErrors();
            }
        }
        return InsertAnswer.read(unwritable, Arrays.copyOf(positions, documents.size()), errors, RawIndexes.IDENTITY,
                among -> identityStored(records, among));
    }

    /** The positions among {@code among} whose observation (coin id and timestamp) is stored. */
    private Set<Integer> identityStored(List<MarketRecord> records, List<Integer> among) {
        List<Bson> identities = among.stream().<Bson>map(i -> ObservationCodec.identity(records.get(i))).toList();
        Set<BsonDocument> stored = collection.find(Filters.or(identities)).projection(IDENTITY_ONLY)
                .into(new HashSet<>());
        Set<Integer> found = new HashSet<>();
        for (int k = 0; k < among.size(); k++) {
            if (stored.contains(identities.get(k))) {
                found.add(among.get(k));
            }
        }
        return found;
    }
}
