package io.cryptopipe.store.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.store.MongoCommands;
import io.cryptopipe.testsupport.TestMongo;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store's insert against the MongoDB wire server over a socket: the identity index makes it "first version
 * wins", and the server's answer comes back to each record.
 */
@Tag(TestMongo.WIRE_SERVER_ONLY)
class RawObservationRepositoryTest {

    private static final Instant T0 = Instant.parse("2025-11-02T13:24:54.319Z");
    private static final MongoCommands COMMANDS = new MongoCommands();

    @RegisterExtension
    static final ListenedWireServer WIRE = new ListenedWireServer(COMMANDS);

    private MongoCollection<BsonDocument> raw;
    private RawObservationRepository repository;

    @BeforeEach
    void freshCollection() {
        MongoDatabase database = WIRE.client().getDatabase("insert");
        raw = database.getCollection("market_data_raw", BsonDocument.class);
        raw.drop();
        RawIndexes indexes = new RawIndexes(() -> database, Settings.retention(Duration.ofDays(365)), code -> {
            throw new AssertionError("the indexes of a fresh collection never conflict");
        });
        indexes.start(null);
        await().atMost(Duration.ofSeconds(30)).until(indexes::ready);
        repository = new RawObservationRepository(indexes, raw);
        COMMANDS.reset();
    }

    @Test
    void insertsNewObservationsAndAnswersStoredOnesAsDuplicatesKeepingTheFirstVersion() {
        assertThat(repository.insert(List.of(record("bitcoin", T0, 1.0), record("ethereum", T0, 2.0))))
                .isEqualTo(new InsertAnswer(2, 0, List.of(), List.of()));

        InsertAnswer again = repository.insert(List.of(record("bitcoin", T0, 9.0), record("tether", T0, 3.0),
                record("ethereum", T0, 9.0), record("bitcoin", T0.plusSeconds(30), 4.0)));

        assertThat(again).isEqualTo(new InsertAnswer(2, 2, List.of(), List.of()));
        assertThat(again.written() + again.duplicates()).isEqualTo(4);
        assertThat(raw.countDocuments()).isEqualTo(4);
        assertThat(price("bitcoin", T0)).as("first version wins").isEqualTo(1.0);
        assertThat(price("ethereum", T0)).isEqualTo(2.0);
        assertThat(COMMANDS.count("insert")).as("each batch one insert").isEqualTo(2);
        assertThat(COMMANDS.count("update")).as("no upserts").isZero();
    }

    @Test
    void aSecondVersionInTheSameBatchIsADuplicate() {
        InsertAnswer answer = repository.insert(List.of(record("bitcoin", T0, 1.0), record("bitcoin", T0, 2.0)));

        assertThat(answer).isEqualTo(new InsertAnswer(1, 1, List.of(), List.of()));
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void aRecordBreakingAnotherUniqueIndexIsRefusedUnlessItsObservationIsStored() {
        // An index this service does not make: an operator's, say. A new observation it refuses cannot be stored.
        raw.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true).name("name_1"));
        repository.insert(List.of(record("bitcoin", T0, 1.0)));
        COMMANDS.reset();

        InsertAnswer answer = repository.insert(List.of(record("bitcoin", T0, 1.0),
                named("bitcoin-clone", "bitcoin", T0, 5.0), record("tether", T0, 3.0)));

        assertThat(answer.written()).isEqualTo(1);
        assertThat(answer.duplicates()).as("the stored observation, whichever index reported it").isEqualTo(1);
        assertThat(answer.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.index()).isEqualTo(1);
            assertThat(refused.code()).isEqualTo(ReasonCode.WRITE_REJECTED);
            assertThat(refused.detail()).contains("11000").contains("name_1");
        });
        assertThat(answer.retry()).isEmpty();
        assertThat(raw.countDocuments(Filters.eq("coin_id", "bitcoin-clone"))).isZero();
    }

    @Test
    void aTimeNoBsonDateCanHoldIsRefusedAndTheOthersAreStored() {
        InsertAnswer answer = repository.insert(List.of(record("bitcoin", Instant.MAX, 1.0),
                record("tether", T0, 3.0)));

        assertThat(answer.written()).isEqualTo(1);
        assertThat(answer.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.index()).isZero();
            assertThat(refused.code()).isEqualTo(ReasonCode.CONTRACT_VIOLATION);
            assertThat(refused.detail()).contains("BSON date");
        });
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void storesTheDocumentTheCodecBuilds() {
        MarketRecord record = record("bitcoin", T0, 1.5);

        repository.insert(List.of(record));

        BsonDocument stored = raw.find().first();
        stored.remove("_id");
        assertThat(stored).isEqualTo(ObservationCodec.document(record));
    }

    private double price(String coin, Instant timestamp) {
        return raw.find(Filters.and(Filters.eq("coin_id", coin), Filters.eq("timestamp", timestamp))).first()
                .getDouble("current_price").getValue();
    }

    private static MarketRecord record(String coin, Instant timestamp, double price) {
        return named(coin, coin, timestamp, price);
    }

    private static MarketRecord named(String coin, String name, Instant timestamp, double price) {
        return new MarketRecord(1, coin, coin.substring(0, 3), name, timestamp, T0.plusSeconds(5), "poll",
                price, 1.0e9, 1, 3.5e6, null, null, null, null, 9.8e8);
    }
}
