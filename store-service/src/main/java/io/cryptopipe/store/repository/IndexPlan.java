package io.cryptopipe.store.repository;

import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from what {@code listIndexes} reports, what to do about one index the store needs. Indexes are matched by
 * key pattern and options, never by name alone: an equivalent index made elsewhere (the Atlas UI, a restore, an
 * operator) serves as it is, and anything the store cannot use or may not change by itself is a {@link
 * IndexDecision.Conflict} that says what the operator has to do. Nothing here ever drops an index.
 * <p>
 * A TTL is changed in place ({@code collMod}) only when the operator named the TTL being replaced
 * ({@code store.retention-change-from}) and the index carries exactly that one. A pod of another version, with another
 * retention and without that setting, therefore never changes it back during a rolling deploy: it refuses to start
 * instead, and the change the operator asked for wins.
 */
public final class IndexPlan {

    private IndexPlan() {
    }

    /**
     * @param existing   the collection's indexes as {@code listIndexes} returns them
     * @param changeFrom the TTL the operator allows to be replaced by {@code wanted}'s, if any
     */
    public static IndexDecision decide(String collection, IndexSpec wanted, List<Document> existing,
            Optional<Ttl> changeFrom) {
        List<Document> sameKey = existing.stream().filter(index -> sameKeys(keys(index), wanted.keys())).toList();
        List<Document> usable = sameKey.stream().filter(index -> unusable(index).isEmpty()).toList();
        if (usable.isEmpty()) {
            if (!sameKey.isEmpty()) {
                Document index = sameKey.get(0);
                return new IndexDecision.Conflict(String.format("Index %s on %s has the key %s, but %s, so it cannot "
                        + "serve as %s: drop it (or make it usable) by hand, then restart the store, which builds "
                        + "%s %s", name(index), collection, keys(index).toJson(), unusable(index).get(),
                        wanted.purpose(), wanted.name(), wanted.describe()));
            }
            Optional<Document> sameName = existing.stream().filter(i -> wanted.name().equals(name(i))).findFirst();
            if (sameName.isPresent()) {
                return new IndexDecision.Conflict(String.format("Index %s on %s has the key %s, but the store needs "
                        + "that name for %s %s (%s): rename or drop the other index by hand, then restart the store",
                        wanted.name(), collection, keys(sameName.get()).toJson(), wanted.name(), wanted.describe(),
                        wanted.purpose()));
            }
            return new IndexDecision.Create(wanted);
        }
        List<Document> sameUniqueness = usable.stream().filter(index -> isUnique(index) == wanted.unique()).toList();
        if (sameUniqueness.isEmpty()) {
            Document index = usable.get(0);
            return new IndexDecision.Conflict(wanted.unique()
                    ? String.format("Index %s on %s has the key %s but is not unique, and %s needs a unique one. "
                            + "Look for duplicates first (README, \"Indexes and privileges\") and remove them; then "
                            + "make it unique in place (MongoDB 6.0+: collMod with prepareUnique, then unique) or "
                            + "drop it by hand and restart the store, which builds %s", name(index), collection,
                            keys(index).toJson(), wanted.purpose(), wanted.name())
                    : String.format("Index %s on %s has the key %s and is unique, but %s must not be (observations "
                            + "of different coins share a timestamp): drop it by hand and restart the store, which "
                            + "builds %s %s", name(index), collection, keys(index).toJson(), wanted.purpose(),
                            wanted.name(), wanted.describe()));
        }
        Optional<Document> equivalent = sameUniqueness.stream()
                .filter(index -> Ttl.of(index).equals(wanted.ttl())).findFirst();
        if (equivalent.isPresent()) {
            return new IndexDecision.Present(name(equivalent.get()));
        }
        if (sameUniqueness.size() > 1) {
            return new IndexDecision.Conflict(String.format("Indexes %s on %s all have the key %s, with other TTLs "
                    + "than %s: keep one, drop the others by hand, then restart the store",
                    sameUniqueness.stream().map(IndexPlan::name).toList(), collection, wanted.keys().toJson(),
                    wanted.ttl()));
        }
        Document index = sameUniqueness.get(0);
        Ttl current = Ttl.of(index);
        if (!wanted.ttl().isSet()) {
            return new IndexDecision.Conflict(String.format("Index %s on %s expires observations after %s, but "
                    + "store.retention is 0 (keep forever), and collMod cannot remove a TTL from an index. Either "
                    + "keep a TTL: STORE_RETENTION=%s keeps this one, a longer one (at most %ss) is set in place with "
                    + "STORE_RETENTION_CHANGE_FROM=%s; or, out of hours, drop the index by hand "
                    + "(db.%s.dropIndex(\"%s\")) and restart the store, which builds it without TTL (the daily job's "
                    + "range match has no index until the build ends)", name(index), collection, current,
                    current.asSetting(), Ttl.MAX_SECONDS, current.asSetting(), collection, name(index)));
        }
        if (changeFrom.isPresent() && changeFrom.get().equals(current)) {
            return new IndexDecision.ChangeTtl(name(index), current, wanted.ttl());
        }
        return new IndexDecision.Conflict(String.format("Index %s on %s has %s, but store.retention asks for %s%s. To "
                + "change it in place, deploy with STORE_RETENTION_CHANGE_FROM=%s as well: the store then changes it "
                + "with collMod at start-up, and pods without that setting (of the previous version) never change it "
                + "back; to keep it, set STORE_RETENTION=%s", name(index), collection, current, wanted.ttl(),
                changeFrom.map(from -> " (STORE_RETENTION_CHANGE_FROM is " + from.asSetting()
                        + ", which the index does not carry)").orElse(""),
                current.asSetting(), current.asSetting()));
    }

    /**
     * Key patterns are equal when they name the same fields in the same order with the same directions; {@code 1}
     * and {@code 1.0} are one direction (tools differ in which number type they write).
     */
    static boolean sameKeys(Document a, Document b) {
        return normalized(a).equals(normalized(b));
    }

    private static List<Map.Entry<String, Object>> normalized(Document keys) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        keys.forEach((field, direction) -> entries.add(Map.entry(field,
                direction instanceof Number number ? (Object) number.doubleValue() : direction)));
        return entries;
    }

    /** Why an index with the right key still cannot stand in for the store's, if it cannot. */
    static Optional<String> unusable(Document index) {
        if (index.containsKey("partialFilterExpression")) {
            return Optional.of("it is partial (" + index.get("partialFilterExpression", Document.class).toJson() + ")");
        }
        Document collation = index.get("collation", Document.class);
        if (collation != null && !"simple".equals(collation.getString("locale"))) {
            return Optional.of("it has the collation " + collation.toJson()
                    + ", unlike the store's writes and queries");
        }
        if (Boolean.TRUE.equals(index.get("hidden"))) {
            return Optional.of("it is hidden from the query planner (unhide it: collMod with hidden: false)");
        }
        return Optional.empty();
    }

    private static boolean isUnique(Document index) {
        return Boolean.TRUE.equals(index.get("unique"));
    }

    private static String name(Document index) {
        return index.getString("name");
    }

    private static Document keys(Document index) {
        return index.get("key", Document.class);
    }
}
