package io.cryptopipe.store.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.testsupport.TestMongo;
import io.cryptopipe.store.MongoCommands;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The store's indexes against the MongoDB wire server over a socket: what it can show of them. The server keeps and
 * lists index definitions (never expiring documents), is laxer than MongoDB about names (it makes a second index
 * with the same key or even the same name where MongoDB refuses) and has no {@code collMod}; changing a TTL in place
 * is therefore checked in {@link RawIndexesRealMongoDbTest}, and the decisions in {@link IndexPlanTest}.
 */
// Also asserts what only the wire server answers (no collMod); RawIndexesRealMongoDbTest is the real-server side.
@Tag(TestMongo.WIRE_SERVER_ONLY)
class RawIndexesTest {

    private static final Duration YEAR = Duration.ofDays(365);
    private static final MongoCommands COMMANDS = new MongoCommands();

    @RegisterExtension
    static final ListenedWireServer WIRE = new ListenedWireServer(COMMANDS);

    private MongoDatabase database;
    private MongoCollection<Document> raw;

    @BeforeEach
    void freshCollection() {
        database = WIRE.client().getDatabase("indexes");
        raw = database.getCollection("market_data_raw");
        raw.drop();
        raw.insertOne(observation("bitcoin", 0));
        COMMANDS.reset();
    }

    @Test
    void buildsTheUniqueIdentityAndTheTtlIndexOfTheRetention() {
        indexes(Settings.retention(YEAR)).ensure();

        assertThat(withKey("coin_id", "timestamp")).singleElement().satisfies(index -> {
            assertThat(index.getString("name")).isEqualTo(RawIndexes.IDENTITY);
            assertThat(index.getBoolean("unique")).isTrue();
        });
        assertThat(withKey("timestamp")).singleElement().satisfies(index -> {
            assertThat(index.getString("name")).isEqualTo(RawIndexes.TIMESTAMP);
            assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(31_536_000L);
        });
    }

    @Test
    void buildsAPlainTimestampIndexWhenObservationsAreKeptForever() {
        indexes(Settings.retention(Duration.ZERO)).ensure();

        assertThat(withKey("timestamp")).singleElement()
                .satisfies(index -> assertThat(index.containsKey("expireAfterSeconds")).isFalse());
    }

    @Test
    void acceptsEquivalentIndexesUnderOtherNamesAsTheyAre() {
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().name("identity").unique(true));
        raw.createIndex(Indexes.ascending("timestamp"),
                new IndexOptions().name("expiry").expireAfter(31_536_000L, TimeUnit.SECONDS));
        COMMANDS.reset();

        indexes(Settings.retention(YEAR)).ensure();

        assertThat(withKey("coin_id", "timestamp")).extracting(index -> index.getString("name"))
                .containsExactly("identity");
        assertThat(withKey("timestamp")).extracting(index -> index.getString("name")).containsExactly("expiry");
        assertThat(COMMANDS.count("createIndexes") + COMMANDS.count("collMod") + COMMANDS.count("dropIndexes"))
                .isZero();
    }

    @Test
    void refusesItsIdentityNameWithOtherOptionsWithOneMessageNamingTheIndex() {
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().name(RawIndexes.IDENTITY));

        assertThatThrownBy(() -> indexes(Settings.retention(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("Index coin_id_1_timestamp_1 on market_data_raw")
                .hasMessageContaining("is not unique");
        assertThat(withKey("coin_id", "timestamp")).singleElement()
                .satisfies(index -> assertThat(index.get("unique")).isNull());
    }

    @Test
    void refusesToBuildTheUniqueIdentityOverDuplicates() {
        raw.insertOne(observation("bitcoin", 0));

        assertThatThrownBy(() -> indexes(Settings.retention(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("Cannot build the unique index coin_id_1_timestamp_1 on market_data_raw")
                .hasMessageContaining("Remove the duplicates")
                .hasMessageContaining("E11000");
        assertThat(withKey("coin_id", "timestamp")).isEmpty();
    }

    @Test
    void neverDropsTheTtlIndexWhenTheRetentionChanges() {
        indexes(Settings.retention(YEAR)).ensure();
        COMMANDS.reset();

        assertThatThrownBy(() -> indexes(Settings.retention(Duration.ofDays(30))).ensure())
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("STORE_RETENTION_CHANGE_FROM=31536000s");
        assertThatThrownBy(() -> indexes(Settings.retention(Duration.ZERO)).ensure())
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("collMod cannot remove a TTL");
        // Told to change it, the store asks collMod, which this server lacks: it says so and leaves the index be.
        assertThatThrownBy(() -> indexes(Settings.retention(Duration.ofDays(30)).changingFrom(YEAR)).ensure())
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("Cannot change the TTL of index timestamp_1 on market_data_raw")
                .hasMessageContaining("collMod")
                .hasMessageContaining("db.runCommand({\"collMod\": \"market_data_raw\", \"index\": "
                        + "{\"name\": \"timestamp_1\", \"expireAfterSeconds\": 2592000}})");

        assertThat(withKey("timestamp")).singleElement().satisfies(index -> assertThat(
                index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(31_536_000L));
        assertThat(COMMANDS.count("collMod")).isOne();
        assertThat(COMMANDS.count("dropIndexes") + COMMANDS.count("createIndexes")).isZero();
    }

    @Test
    void waitsForMongoDbOffTheWritePathAndTakesNoWriteBefore() {
        AtomicInteger exits = new AtomicInteger();
        // A client that gives up on an absent server after a second, not the shared one's ten, and a write that
        // waits a tenth of a second for the indexes, not five: the test waits for each in vain once.
        try (MongoClient impatient = WIRE.client(Duration.ofSeconds(1))) {
            RawIndexes indexes = new RawIndexes(() -> impatient.getDatabase(database.getName()),
                    Settings.retention(YEAR), code -> exits.incrementAndGet(), Duration.ofMillis(100));
            WIRE.server().stop();
            try {
                indexes.start(null);
                await().atMost(Duration.ofSeconds(30)).until(() -> indexes.notReadyBecause().contains("Timeout"));
                assertThat(indexes.ready()).isFalse();
                assertThatThrownBy(indexes::requireReady).isInstanceOf(IndexesNotReadyException.class)
                        .hasMessageContaining("indexes of market_data_raw not ready yet");
            } finally {
                startAgain();
            }
            await().atMost(Duration.ofSeconds(30)).until(indexes::ready);
            indexes.requireReady();
            assertThat(withKey("coin_id", "timestamp")).hasSize(1);
            assertThat(exits).hasValue(0);
            indexes.stop(null);
        }
    }

    @Test
    void stopsTheServiceOnceOnAConflictInsteadOfRetrying() {
        raw.insertOne(observation("bitcoin", 0));
        List<Integer> exits = new ArrayList<>();
        RawIndexes indexes = new RawIndexes(() -> database, Settings.retention(YEAR), exits::add);

        indexes.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> !exits.isEmpty());
        long commands = COMMANDS.total();
        // Several retry periods of these settings (50-200 ms): a retry loop would send more commands meanwhile.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                .until(() -> COMMANDS.total() == commands);

        assertThat(exits).containsExactly(1);
        assertThat(COMMANDS.total()).isEqualTo(commands);
        assertThat(indexes.ready()).isFalse();
        assertThat(indexes.notReadyBecause()).contains("duplicates");
        indexes.stop(null);
    }

    private RawIndexes indexes(Settings settings) {
        return new RawIndexes(() -> database, settings, code -> {
            throw new AssertionError("ensure() alone never exits");
        });
    }

    private List<Document> withKey(String... fields) {
        Document key = new Document();
        for (String field : fields) {
            key.append(field, 1);
        }
        List<Document> matching = new ArrayList<>();
        raw.listIndexes().forEach(index -> {
            if (IndexPlan.sameKeys(index.get("key", Document.class), key)) {
                matching.add(index);
            }
        });
        return matching;
    }

    private static Document observation(String coin, long epochMillis) {
        return new Document("coin_id", coin).append("timestamp", new Date(epochMillis));
    }

    private static void startAgain() {
        try {
            WIRE.server().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
