package io.cryptopipe.store.repository;

/** A write came before the indexes it relies on were made sure of; it is to be retried like a failed write. */
public class IndexesNotReadyException extends RuntimeException {

    public IndexesNotReadyException(String message) {
        super(message);
    }
}
