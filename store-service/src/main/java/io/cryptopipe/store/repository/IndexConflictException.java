package io.cryptopipe.store.repository;

/**
 * An index the store needs cannot be made as it must be without an operator: retrying would only repeat the
 * failure, so the store stops with this message, which names the index and what to do.
 */
public class IndexConflictException extends RuntimeException {

    public IndexConflictException(String message) {
        super(message);
    }
}
