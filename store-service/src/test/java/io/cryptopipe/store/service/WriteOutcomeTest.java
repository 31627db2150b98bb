package io.cryptopipe.store.service;

import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteOutcomeTest {

    @Test
    void countsUpsertedModelsAsInsertedAndMatchedOnesAsDuplicates() {
        BulkWriteResult result = BulkWriteResult.acknowledged(0, 2, 0, 0, List.of(upsert(0), upsert(3)), List.of());

        assertThat(WriteOutcome.of(result)).isEqualTo(new WriteOutcome(2, 2, List.of(), List.of()));
    }

    @Test
    void mapsEachErrorBackToItsModelByIndex() {
        BulkWriteResult partial = BulkWriteResult.acknowledged(0, 1, 0, 0, List.of(upsert(1)), List.of());
        List<BulkWriteError> errors = List.of(
                error(11000, 2, "E11000 duplicate key error"),
                error(121, 3, "Document failed validation"),
                error(91, 4, "The server is in quiesce mode and will shut down"),
                error(13, 5, "not authorized"));

        WriteOutcome outcome = WriteOutcome.of(partial, errors);

        assertThat(outcome.inserted()).isEqualTo(1);
        assertThat(outcome.duplicates()).as("matched, plus the upsert that lost a race to the same identity")
                .isEqualTo(2);
        assertThat(outcome.rejected()).extracting(WriteOutcome.RejectedWrite::index).containsExactly(3);
        assertThat(outcome.rejected().get(0).detail()).contains("121").contains("Document failed validation");
        assertThat(outcome.retry()).as("server-side problems are not the record's fault").containsExactly(4, 5);
    }

    private static BulkWriteUpsert upsert(int index) {
        return new BulkWriteUpsert(index, new BsonObjectId());
    }

    private static BulkWriteError error(int code, int index, String message) {
        return new BulkWriteError(code, message, new BsonDocument(), index);
    }
}
