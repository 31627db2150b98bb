package io.cryptopipe.store.repository;

import com.mongodb.bulk.BulkWriteError;
import io.cryptopipe.contract.ReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one unordered insert did with each record of a batch, by the record's position in the batch.
 *
 * @param written    observations stored by this insert
 * @param duplicates observations that were already stored (a redelivered or re-polled record, or one an earlier
 *                   attempt stored although its answer was lost): nothing changed
 * @param refused    records MongoDB will not take for their own content; writing them again cannot succeed
 * @param retry      positions MongoDB did not take for a reason of its own; writing them again may succeed
 */
public record InsertAnswer(int written, int duplicates, List<Refused> refused, List<Integer> retry) {

    /** E11000: a unique index already holds the key. On the identity index, the observation is stored. */
    static final int DUPLICATE_KEY = 11000;

    /**
     * Server error codes that blame the document itself (bad value or field name, too large, failed the
     * collection's validator). Any other code is taken as the server's problem and retried: dead-lettering cannot
     * be undone by this service, a retry can wait.
     */
    static final Set<Integer> DATA_ERRORS = Set.of(
            2,      // BadValue
            9,      // FailedToParse
            14,     // TypeMismatch
            52,     // DollarPrefixedFieldName
            55,     // InvalidDBRef
            56,     // EmptyFieldName
            57,     // DottedFieldName
            121,    // DocumentValidationFailure
            10334,  // BSONObjectTooLarge
            17280); // KeyTooLong (before MongoDB 4.2)

    // MongoDB names the index in the message ("E11000 duplicate key error collection: db.c index: NAME dup key: …");
    // the Java driver keeps no other field of a write error that does.
    private static final Pattern INDEX_NAME = Pattern.compile("index: (\\S+) dup key");

    /** A record MongoDB will not take, with the reason it is dead-lettered with. */
    public record Refused(int index, ReasonCode code, String detail) {
    }

    /** Whether every record of the batch was stored by this insert. */
    public boolean allWritten(int records) {
        return written == records;
    }

    /**
     * Reads the server's answer to an unordered insert.
     *
     * @param refusedBeforeSending records that were never sent (their document cannot be built)
     * @param positions            the batch position of each sent document, by its index in the insert
     * @param errors               the insert's write errors, by the sent document's index; empty when all were stored
     * @param identityIndex        the name of the unique identity index
     * @param identityStored       given batch positions whose insert hit another unique index, answers those whose
     *                             identity is stored; asked at most once, and only when there are such positions
     */
    static InsertAnswer read(List<Refused> refusedBeforeSending, int[] positions, List<BulkWriteError> errors,
            String identityIndex, Function<List<Integer>, Set<Integer>> identityStored) {
        int duplicates = 0;
        List<Refused> refused = new ArrayList<>(refusedBeforeSending);
        List<Integer> retry = new ArrayList<>();
        List<BulkWriteError> otherIndex = new ArrayList<>();
        for (BulkWriteError error : errors) {
            int position = positions[error.getIndex()];
            if (error.getCode() == DUPLICATE_KEY && identityIndex.equals(indexName(error.getMessage()))) {
                duplicates++;
            } else if (error.getCode() == DUPLICATE_KEY) {
                otherIndex.add(error);
            } else if (DATA_ERRORS.contains(error.getCode())) {
                refused.add(rejected(position, error));
            } else {
                retry.add(position);
            }
        }
        if (!otherIndex.isEmpty()) {
            // The document broke another unique index: it is a duplicate only if its observation is stored already.
            Set<Integer> stored = identityStored.apply(
                    otherIndex.stream().map(error -> positions[error.getIndex()]).toList());
            for (BulkWriteError error : otherIndex) {
                int position = positions[error.getIndex()];
                if (stored.contains(position)) {
                    duplicates++;
                } else {
                    refused.add(rejected(position, error));
                }
            }
        }
        return new InsertAnswer(positions.length - errors.size(), duplicates, List.copyOf(refused),
                List.copyOf(retry));
    }

    /** The index a duplicate-key message names, or null when it names none. */
    static String indexName(String message) {
        Matcher matcher = INDEX_NAME.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Refused rejected(int position, BulkWriteError error) {
        return new Refused(position, ReasonCode.WRITE_REJECTED,
                "MongoDB refused the document (code " + error.getCode() + "): " + error.getMessage());
    }
}
