package io.cryptopipe.store.repository;

import com.mongodb.bulk.BulkWriteError;
import io.cryptopipe.contract.ReasonCode;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InsertAnswerTest {

    private static final String IDENTITY = "coin_id_1_timestamp_1";
    private static final int[] ALL_SENT = {0, 1, 2, 3, 4, 5, 6};

    private final List<List<Integer>> lookedUp = new ArrayList<>();

    @Test
    void countsEveryDocumentWithoutAnErrorAsWritten() {
        InsertAnswer answer = InsertAnswer.read(List.of(), new int[] {0, 1, 2}, List.of(), IDENTITY, this::noneStored);

        assertThat(answer).isEqualTo(new InsertAnswer(3, 0, List.of(), List.of()));
        assertThat(answer.allWritten(3)).isTrue();
        assertThat(lookedUp).as("nothing to look up").isEmpty();
    }

    @Test
    void aDuplicateKeyOnTheIdentityIndexIsADuplicateNotAFailure() {
        InsertAnswer answer = InsertAnswer.read(List.of(), new int[] {0, 1, 2}, List.of(duplicate(1, IDENTITY)),
                IDENTITY, this::noneStored);

        assertThat(answer).isEqualTo(new InsertAnswer(2, 1, List.of(), List.of()));
        assertThat(answer.allWritten(3)).isFalse();
        assertThat(lookedUp).as("the identity index answers it: no lookup").isEmpty();
    }

    @Test
    void mapsEachErrorBackToItsRecordByIndex() {
        List<BulkWriteError> errors = List.of(
                duplicate(2, IDENTITY),
                error(121, 3, "Document failed validation"),
                error(91, 4, "The server is in quiesce mode and will shut down"),
                error(13, 5, "not authorized"));

        InsertAnswer answer = InsertAnswer.read(List.of(), ALL_SENT, errors, IDENTITY, this::noneStored);

        assertThat(answer.written()).isEqualTo(3);
        assertThat(answer.duplicates()).isEqualTo(1);
        assertThat(answer.refused()).extracting(InsertAnswer.Refused::index).containsExactly(3);
        assertThat(answer.refused().get(0).code()).isEqualTo(ReasonCode.WRITE_REJECTED);
        assertThat(answer.refused().get(0).detail()).contains("121").contains("Document failed validation");
        assertThat(answer.retry()).as("server-side problems are not the record's fault").containsExactly(4, 5);
    }

    @Test
    void aDuplicateKeyOnAnotherUniqueIndexIsADuplicateOnlyWhenTheIdentityIsStored() {
        List<BulkWriteError> errors = List.of(duplicate(1, "symbol_1"), duplicate(4, "symbol_1"),
                error(11000, 5, "E11000 duplicate key error without an index name"));

        InsertAnswer answer = InsertAnswer.read(List.of(), ALL_SENT, errors, IDENTITY, positions -> {
            lookedUp.add(positions);
            return Set.of(4);
        });

        assertThat(lookedUp).as("one lookup for all of them").containsExactly(List.of(1, 4, 5));
        assertThat(answer.written()).isEqualTo(4);
        assertThat(answer.duplicates()).isEqualTo(1);
        assertThat(answer.refused()).extracting(InsertAnswer.Refused::index).containsExactly(1, 5);
        assertThat(answer.refused()).allSatisfy(refused -> {
            assertThat(refused.code()).isEqualTo(ReasonCode.WRITE_REJECTED);
            assertThat(refused.detail()).contains("11000");
        });
        assertThat(answer.retry()).isEmpty();
    }

    @Test
    void positionsAreTheBatchsNotTheInsertsWhenSomeRecordsWereNeverSent() {
        InsertAnswer.Refused unsent = new InsertAnswer.Refused(1, ReasonCode.CONTRACT_VIOLATION, "no BSON date");

        InsertAnswer answer = InsertAnswer.read(List.of(unsent), new int[] {0, 2, 3},
                List.of(duplicate(1, IDENTITY), error(91, 2, "shutting down")), IDENTITY, this::noneStored);

        assertThat(answer).isEqualTo(new InsertAnswer(1, 1, List.of(unsent), List.of(3)));
    }

    @Test
    void readsTheIndexNameFromMongoDbsMessage() {
        assertThat(InsertAnswer.indexName("E11000 duplicate key error collection: market.market_data_raw index: "
                + "coin_id_1_timestamp_1 dup key: { coin_id: \"bitcoin\", timestamp: new Date(1) }"))
                .isEqualTo(IDENTITY);
        assertThat(InsertAnswer.indexName("E11000 duplicate key error")).isNull();
        assertThat(InsertAnswer.indexName(null)).isNull();
    }

    private Set<Integer> noneStored(List<Integer> positions) {
        lookedUp.add(positions);
        return Set.of();
    }

    private static BulkWriteError duplicate(int index, String indexName) {
        return error(11000, index, "E11000 duplicate key error collection: market.market_data_raw index: "
                + indexName + " dup key: { }");
    }

    private static BulkWriteError error(int code, int index, String message) {
        return new BulkWriteError(code, message, new BsonDocument(), index);
    }
}
