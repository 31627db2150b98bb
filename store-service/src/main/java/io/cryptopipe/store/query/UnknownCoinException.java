package io.cryptopipe.store.query;

/**
 * The coin id is well-formed but nothing was ever stored for it (HTTP 404).
 */
public class UnknownCoinException extends RuntimeException {

    public UnknownCoinException(String coinId) {
        super("No observation of coin '" + coinId + "' is stored");
    }
}
