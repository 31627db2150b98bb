package io.cryptopipe.store.repository;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The decisions over {@code listIndexes} output alone: what the store does to which existing index, and why. */
class IndexPlanTest {

    private static final String RAW = "market_data_raw";
    private static final Ttl YEAR = Ttl.ofRetention(Duration.ofDays(365));
    private static final Ttl MONTH = Ttl.ofRetention(Duration.ofDays(30));
    private static final IndexSpec IDENTITY = RawIndexes.specs(YEAR).get(0);
    private static final IndexSpec TIMESTAMP_YEAR = RawIndexes.specs(YEAR).get(1);
    private static final IndexSpec TIMESTAMP_MONTH = RawIndexes.specs(MONTH).get(1);
    private static final IndexSpec TIMESTAMP_FOREVER = RawIndexes.specs(Ttl.none()).get(1);

    @Test
    void buildsWhatIsMissing() {
        assertThat(decide(IDENTITY, List.of(idIndex()))).isEqualTo(new IndexDecision.Create(IDENTITY));
        assertThat(decide(TIMESTAMP_YEAR, List.of(idIndex()))).isEqualTo(new IndexDecision.Create(TIMESTAMP_YEAR));
    }

    @Test
    void acceptsAnEquivalentIndexUnderAnotherName() {
        Document identity = index("identity_from_atlas_ui", new Document("coin_id", 1.0).append("timestamp", 1.0))
                .append("unique", true);
        Document ttl = index("ts_ttl", new Document("timestamp", 1)).append("expireAfterSeconds", 31_536_000);

        assertThat(decide(IDENTITY, List.of(idIndex(), identity, ttl)))
                .isEqualTo(new IndexDecision.Present("identity_from_atlas_ui"));
        assertThat(decide(TIMESTAMP_YEAR, List.of(idIndex(), identity, ttl)))
                .isEqualTo(new IndexDecision.Present("ts_ttl"));
    }

    @Test
    void keyOrderAndDirectionMatter() {
        Document reversed = index("reversed", new Document("timestamp", 1).append("coin_id", 1)).append("unique", true);
        Document descending = index("desc", new Document("timestamp", -1)).append("expireAfterSeconds", 31_536_000L);

        assertThat(decide(IDENTITY, List.of(reversed))).isEqualTo(new IndexDecision.Create(IDENTITY));
        assertThat(decide(TIMESTAMP_YEAR, List.of(descending))).isEqualTo(new IndexDecision.Create(TIMESTAMP_YEAR));
    }

    @Test
    void refusesTheIdentityKeyWithoutUniqueness() {
        Document plain = index(RawIndexes.IDENTITY, new Document("coin_id", 1).append("timestamp", 1));

        assertThat(conflict(IDENTITY, List.of(plain)))
                .contains("coin_id_1_timestamp_1", RAW, "not unique", "duplicates", "prepareUnique");
    }

    @Test
    void refusesAUniqueTimestampIndex() {
        Document unique = index("timestamp_1", new Document("timestamp", 1)).append("unique", true)
                .append("expireAfterSeconds", 31_536_000);

        assertThat(conflict(TIMESTAMP_YEAR, List.of(unique))).contains("timestamp_1", "is unique", "drop it");
    }

    @Test
    void refusesItsNameOnAnotherKey() {
        Document other = index("timestamp_1", new Document("timestamp", -1));

        assertThat(conflict(TIMESTAMP_YEAR, List.of(other)))
                .contains("timestamp_1", "{\"timestamp\": -1}", "rename or drop");
    }

    @Test
    void refusesAnIndexThatCannotStandInForTheStores() {
        Document partial = index(RawIndexes.IDENTITY, new Document("coin_id", 1).append("timestamp", 1))
                .append("unique", true).append("partialFilterExpression", new Document("source", "poll"));
        Document collated = index("ci", new Document("coin_id", 1).append("timestamp", 1)).append("unique", true)
                .append("collation", new Document("locale", "en").append("strength", 2));
        Document hidden = index("hidden", new Document("timestamp", 1)).append("hidden", true)
                .append("expireAfterSeconds", 31_536_000);
        Document simple = index("simple", new Document("coin_id", 1).append("timestamp", 1)).append("unique", true)
                .append("collation", new Document("locale", "simple"));

        assertThat(conflict(IDENTITY, List.of(partial))).contains("is partial");
        assertThat(conflict(IDENTITY, List.of(collated))).contains("ci", "collation");
        assertThat(conflict(TIMESTAMP_YEAR, List.of(hidden))).contains("hidden", "hidden: false");
        assertThat(decide(IDENTITY, List.of(simple))).isEqualTo(new IndexDecision.Present("simple"));
    }

    @Test
    void refusesAnotherTtlUnlessTheOperatorNamedTheOneToReplace() {
        List<Document> year = List.of(ttlIndex(31_536_000));

        assertThat(conflict(TIMESTAMP_MONTH, year)).contains("timestamp_1", "31536000 s (365 days)",
                "2592000 s (30 days)", "STORE_RETENTION_CHANGE_FROM=31536000s", "STORE_RETENTION=31536000s");
        assertThat(conflict(TIMESTAMP_MONTH, year, Optional.of(Ttl.ofRetention(Duration.ofDays(7)))))
                .contains("STORE_RETENTION_CHANGE_FROM is 604800s, which the index does not carry");
        assertThat(decide(TIMESTAMP_MONTH, year, Optional.of(YEAR)))
                .isEqualTo(new IndexDecision.ChangeTtl("timestamp_1", YEAR, MONTH));
    }

    @Test
    void turnsAPlainIndexIntoATtlIndexWhenTold() {
        List<Document> plain = List.of(index("timestamp_1", new Document("timestamp", 1)));

        assertThat(conflict(TIMESTAMP_YEAR, plain)).contains("no TTL", "STORE_RETENTION_CHANGE_FROM=0");
        assertThat(decide(TIMESTAMP_YEAR, plain, Optional.of(Ttl.none())))
                .isEqualTo(new IndexDecision.ChangeTtl("timestamp_1", Ttl.none(), YEAR));
        assertThat(decide(TIMESTAMP_FOREVER, plain)).isEqualTo(new IndexDecision.Present("timestamp_1"));
    }

    @Test
    void neverRemovesATtlButSaysWhatToDo() {
        List<Document> year = List.of(ttlIndex(31_536_000));

        for (Optional<Ttl> changeFrom : List.of(Optional.<Ttl>empty(), Optional.of(YEAR))) {
            assertThat(decide(TIMESTAMP_FOREVER, year, changeFrom)).isInstanceOfSatisfying(
                    IndexDecision.Conflict.class, conflict -> assertThat(conflict.message())
                            .contains("collMod cannot remove a TTL", "STORE_RETENTION=31536000s",
                                    "db.market_data_raw.dropIndex(\"timestamp_1\")", "out of hours"));
        }
    }

    @Test
    void theCollModCommandChangesTheTtlOfTheIndexByName() {
        IndexDecision.ChangeTtl change = new IndexDecision.ChangeTtl("ts_ttl", YEAR, MONTH);

        assertThat(change.command(RAW).toJson()).isEqualTo(
                "{\"collMod\": \"market_data_raw\", \"index\": {\"name\": \"ts_ttl\", \"expireAfterSeconds\": 2592000}}");
    }

    @Test
    void aTtlOutsideMongoDbsRangeIsRefused() {
        assertThat(Ttl.ofRetention(Duration.ofSeconds(Ttl.MAX_SECONDS)).seconds()).isEqualTo(2_147_483_647L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ttl.ofRetention(Duration.ofDays(36_500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24855 days");
    }

    /**
     * A rolling deploy from 365 days to 30 days, with pods of both versions starting (and restarting) in every
     * order: only the new version's pods, which name the TTL they replace, ever change the index, and it ends at the
     * new TTL whatever the order; an old pod refuses to start instead of changing it back.
     */
    @Test
    void aRollingDeployEndsAtTheNewTtlWhateverOrderThePodsStartIn() {
        record Pod(IndexSpec spec, Optional<Ttl> changeFrom) {
        }
        Pod oldPod = new Pod(TIMESTAMP_YEAR, Optional.empty());
        Pod newPod = new Pod(TIMESTAMP_MONTH, Optional.of(YEAR));
        int orders = 0;
        for (int mask = 0; mask < 1 << 8; mask++) {
            List<Pod> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add((mask & 1 << i) != 0 ? newPod : oldPod);
            }
            starts.add(newPod); // the rollout ends with a new pod started last
            Ttl index = YEAR;
            for (Pod pod : starts) {
                IndexDecision decision = decide(pod.spec(), List.of(ttlIndex(index.seconds())), pod.changeFrom());
                if (decision instanceof IndexDecision.ChangeTtl change) {
                    assertThat(pod).as("only a new pod changes the TTL").isSameAs(newPod);
                    index = change.to();
                } else if (pod == newPod) {
                    assertThat(decision).isEqualTo(new IndexDecision.Present("timestamp_1"));
                }
            }
            assertThat(index).isEqualTo(MONTH);
            orders++;
        }
        assertThat(orders).isEqualTo(256);
    }

    private static IndexDecision decide(IndexSpec spec, List<Document> existing) {
        return decide(spec, existing, Optional.empty());
    }

    private static IndexDecision decide(IndexSpec spec, List<Document> existing, Optional<Ttl> changeFrom) {
        return IndexPlan.decide(RAW, spec, existing, changeFrom);
    }

    private static String conflict(IndexSpec spec, List<Document> existing) {
        return conflict(spec, existing, Optional.empty());
    }

    private static String conflict(IndexSpec spec, List<Document> existing, Optional<Ttl> changeFrom) {
        IndexDecision decision = decide(spec, existing, changeFrom);
        assertThat(decision).isInstanceOf(IndexDecision.Conflict.class);
        return ((IndexDecision.Conflict) decision).message();
    }

    private static Document ttlIndex(long seconds) {
        return index("timestamp_1", new Document("timestamp", 1)).append("expireAfterSeconds", seconds);
    }

    private static Document idIndex() {
        return index("_id_", new Document("_id", 1));
    }

    private static Document index(String name, Document key) {
        return new Document("v", 2).append("key", key).append("name", name);
    }
}
