package io.cryptopipe.aggregate.command;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/** What a command's failure line says of a database failure: which kind it was, in the user's terms. */
final class DatabaseFailure {

    private DatabaseFailure() {
    }

    static String describe(MongoException e) {
        // Only the calls with a bound of their own (the day's pipeline) time out this way; a server that cannot be
        // reached at all is a plain MongoTimeoutException.
        if (e instanceof MongoOperationTimeoutException) {
            return "the day's pipeline timed out (aggregate.day-timeout bounds it): " + e.getMessage();
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
            return "database unreachable: " + e.getMessage();
        }
        if (e instanceof MongoExecutionTimeoutException) {
            return "the database gave up after aggregate.day-timeout: " + e.getMessage();
        }
        return "database error " + e.getCode() + ": " + e.getMessage();
    }
}
