package io.cryptopipe.store.service;

import io.cryptopipe.contract.DeadLetter;

/**
 * Where refused records go; returns only once the dead letter is safely kept.
 */
public interface DeadLetterSink {

    /**
     * @param key the coin id when known, may be null
     * @throws RuntimeException when the dead letter was not kept; publishing it again is safe
     */
    void publish(String key, DeadLetter deadLetter);
}
