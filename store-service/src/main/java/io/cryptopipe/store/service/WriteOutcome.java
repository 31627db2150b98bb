package io.cryptopipe.store.service;

import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one unordered bulk write did with each of its models, by the models' index in the write.
 *
 * @param inserted   observations stored for the first time
 * @param duplicates observations that were already stored (a redelivered or re-polled record): nothing changed
 * @param rejected   models the server refused for their own content; writing them again cannot succeed
 * @param retry      models the server did not apply for a reason of its own; writing them again may succeed
 */
public record WriteOutcome(int inserted, int duplicates, List<RejectedWrite> rejected, List<Integer> retry) {

    /**
     * E11000: two writers upserted the same new identity at once and the other one won; the data is stored. Since 4.2
     * MongoDB retries such an upsert itself when, as here, the filter is only equalities on the unique index's
     * fields, so it mostly reports a match instead; the error remains possible, and means the same.
     */
    static final int DUPLICATE_KEY = 11000;

    /**
     * Server error codes that blame the document itself (bad value or field name, too large, failed the
     * collection's validator, impossible update). Any other code is taken as the server's problem and retried:
     * dead-lettering cannot be undone by this service, a retry can wait.
     */
    static final Set<Integer> DATA_ERRORS = Set.of(
            2,      // BadValue
            9,      // FailedToParse
            14,     // TypeMismatch
            28,     // PathNotViable
            40,     // ConflictingUpdateOperators
            52,     // DollarPrefixedFieldName
            55,     // InvalidDBRef
            56,     // EmptyFieldName
            57,     // DottedFieldName
            66,     // ImmutableField
            121,    // DocumentValidationFailure
            10334,  // BSONObjectTooLarge
            17280,  // KeyTooLong (before MongoDB 4.2)
            17419); // document grew too large

    public record RejectedWrite(int index, String detail) {
    }

    public static WriteOutcome of(BulkWriteResult result) {
        return of(result, List.of());
    }

    /** Reads a write whose models failed in part: {@code errors} name the failed models by index. */
    public static WriteOutcome of(BulkWriteResult partial, List<BulkWriteError> errors) {
        int duplicates = partial.getMatchedCount();
        List<RejectedWrite> rejected = new ArrayList<>();
        List<Integer> retry = new ArrayList<>();
        for (BulkWriteError error : errors) {
            if (error.getCode() == DUPLICATE_KEY) {
                duplicates++;
            } else if (DATA_ERRORS.contains(error.getCode())) {
                rejected.add(new RejectedWrite(error.getIndex(),
                        "MongoDB refused the document (code " + error.getCode() + "): " + error.getMessage()));
            } else {
                retry.add(error.getIndex());
            }
        }
        int inserted = partial.getInsertedCount() + partial.getUpserts().size();
        return new WriteOutcome(inserted, duplicates, List.copyOf(rejected), List.copyOf(retry));
    }
}
