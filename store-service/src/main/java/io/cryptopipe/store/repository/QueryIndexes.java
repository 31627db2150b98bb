package io.cryptopipe.store.repository;

import com.mongodb.MongoException;
import io.cryptopipe.contract.DailyFields;
import io.cryptopipe.contract.RawFields;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which index each read query needs, and whether it is there. A query filters on equality of {@code coin_id} and a
 * range or sort of the second key, so an index whose key starts with exactly those two fields serves it as an index
 * scan. The raw collection's identity index is created by this service; the daily one by the daily job, whose
 * collection it is, so this service only checks it (creating it here under another name would make the job's own
 * creation fail).
 */
@ApplicationScoped
public class QueryIndexes {

    private static final Logger LOG = Logger.getLogger(QueryIndexes.class);

    /** Query → collection and the leading key fields it needs. */
    public static final Map<String, Need> NEEDS = Map.of(
            "latest", new Need(Queried.RAW, List.of(RawFields.COIN_ID, RawFields.TIMESTAMP)),
            "prices", new Need(Queried.RAW, List.of(RawFields.COIN_ID, RawFields.TIMESTAMP)),
            "daily", new Need(Queried.DAILY, List.of(DailyFields.COIN_ID, DailyFields.DATE)));

    private final MarketQueryRepository repository;

    QueryIndexes(MarketQueryRepository repository) {
        this.repository = repository;
    }

    void reportAtStartup(@Observes StartupEvent event) {
        try {
            List<String> missing = missing();
            if (!missing.isEmpty()) {
                LOG.warnf("No index serves the queries %s yet; they scan their collection until it exists", missing);
            }
        } catch (MongoException e) {
            LOG.warnf("Could not list the indexes of the queried collections (%s)", e.getMessage());
        }
    }

    /** The queries of {@link #NEEDS} that no present index serves, sorted by name. */
    public List<String> missing() {
        Map<Queried, List<Document>> indexes = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        NEEDS.keySet().stream().sorted().forEach(query -> {
            Need need = NEEDS.get(query);
            List<Document> present = indexes.computeIfAbsent(need.collection(), this::indexesOf);
            if (present.stream().noneMatch(need::servedBy)) {
                missing.add(query);
            }
        });
        return missing;
    }

    private List<Document> indexesOf(Queried collection) {
        return (collection == Queried.DAILY ? repository.daily() : repository.raw())
                .listIndexes().into(new ArrayList<>());
    }

    /** The collections the queries read, whatever they are named (see {@link MarketQueryRepository}). */
    public enum Queried { RAW, DAILY }

    public record Need(Queried collection, List<String> leadingKeys) {

        /** An index serves the query when its key begins with the query's fields, in that order. */
        public boolean servedBy(Document index) {
            List<String> keys = new ArrayList<>(index.get("key", Document.class).keySet());
            return keys.size() >= leadingKeys.size() && keys.subList(0, leadingKeys.size()).equals(leadingKeys);
        }
    }
}
