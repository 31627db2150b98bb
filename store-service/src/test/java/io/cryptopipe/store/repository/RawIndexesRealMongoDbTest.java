package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only a real MongoDB (5.1+; 6.0-8.0 and Atlas are supported) can show about the store's indexes: a TTL changed
 * in place with {@code collMod}, a plain index turned into a TTL index, and MongoDB's own refusals that the store
 * avoids. Runs only in the real-server profile ({@code MONGODB_TEST_URI=... ./mvnw verify -Preal-mongodb}): the tag
 * keeps it out of the default run's selection, and outside that profile it fails rather than pass.
 * Each test uses a database of its own ({@link TestMongo}), dropped afterwards.
 */
@Tag(TestMongo.REAL_SERVER_ONLY)
class RawIndexesRealMongoDbTest {

    private static final Duration YEAR = Duration.ofDays(365);
    private static final Duration MONTH = Duration.ofDays(30);

    private TestMongo mongo;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCollection<Document> raw;

    @BeforeEach
    void freshDatabase() {
        assertThat(TestMongo.real()).as("the real server this test needs (-Preal-mongodb)").isTrue();
        mongo = TestMongo.start("store_indexes");
        client = MongoClients.create(mongo.connectionString());
        database = client.getDatabase(mongo.database());
        raw = database.getCollection("market_data_raw");
        raw.insertOne(new Document("coin_id", "bitcoin").append("timestamp", new Date()));
    }

    @AfterEach
    void dropDatabase() {
        if (client != null) {
            client.close();
        }
        if (mongo != null) {
            mongo.close(); // drops the database
        }
    }

    @Test
    void changesATtlInPlaceWithoutANewIndex() {
        indexes(Settings.retention(YEAR)).ensure();

        indexes(Settings.retention(MONTH).changingFrom(YEAR)).ensure();

        assertThat(timestampIndexes()).singleElement().satisfies(index -> {
            assertThat(index.getString("name")).isEqualTo(RawIndexes.TIMESTAMP);
            assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(2_592_000L);
        });
        // Pods of the old version start again: they refuse, and the TTL stays.
        assertThatThrownBy(() -> indexes(Settings.retention(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class);
        assertThat(timestampIndexes().get(0).get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(2_592_000L);
    }

    @Test
    void turnsAPlainIndexIntoATtlIndex() {
        indexes(Settings.retention(Duration.ZERO)).ensure();

        indexes(Settings.retention(YEAR).changingFrom(Duration.ZERO)).ensure();

        assertThat(timestampIndexes()).singleElement().satisfies(index -> assertThat(
                index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(31_536_000L));
    }

    @Test
    void neverRemovesATtl() {
        indexes(Settings.retention(YEAR)).ensure();

        assertThatThrownBy(() -> indexes(Settings.retention(Duration.ZERO).changingFrom(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class).hasMessageContaining("collMod cannot remove a TTL");
        assertThat(timestampIndexes()).hasSize(1);
    }

    @Test
    void acceptsEquivalentIndexesUnderOtherNames() {
        // MongoDB itself refuses the same key under a second name (IndexOptionsConflict): the store must not ask.
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().name("identity").unique(true));
        raw.createIndex(Indexes.ascending("timestamp"),
                new IndexOptions().name("expiry").expireAfter(31_536_000L, TimeUnit.SECONDS));

        indexes(Settings.retention(YEAR)).ensure();

        assertThat(raw.listIndexes().into(new ArrayList<>())).extracting(index -> index.getString("name"))
                .containsExactlyInAnyOrder("_id_", "identity", "expiry");
    }

    @Test
    void refusesItsNameWithOtherOptionsAndDuplicatesBeforeTheUniqueBuild() {
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().name(RawIndexes.IDENTITY));
        assertThatThrownBy(() -> indexes(Settings.retention(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class).hasMessageContaining("is not unique");

        raw.dropIndex(RawIndexes.IDENTITY);
        raw.insertOne(raw.find().projection(new Document("_id", 0)).first());
        assertThatThrownBy(() -> indexes(Settings.retention(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class).hasMessageContaining("Remove the duplicates");
    }

    private RawIndexes indexes(Settings settings) {
        return new RawIndexes(() -> database, settings, code -> {
            throw new AssertionError("ensure() alone never exits");
        });
    }

    private List<Document> timestampIndexes() {
        List<Document> indexes = new ArrayList<>();
        raw.listIndexes().forEach(index -> {
            if (IndexPlan.sameKeys(index.get("key", Document.class), new Document("timestamp", 1))) {
                indexes.add(index);
            }
        });
        return indexes;
    }
}
