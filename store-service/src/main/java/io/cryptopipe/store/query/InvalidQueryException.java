package io.cryptopipe.store.query;

/**
 * A request the API refuses because of its parameters (HTTP 400); the message says which and why.
 */
public class InvalidQueryException extends RuntimeException {

    private final String code;

    public InvalidQueryException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable reason, e.g. {@code invalid_range}. */
    public String code() {
        return code;
    }
}
