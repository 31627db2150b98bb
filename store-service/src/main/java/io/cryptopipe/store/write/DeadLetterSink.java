package io.cryptopipe.store.write;

import io.cryptopipe.contract.DeadLetter;

/**
 * Where refused records go; returns only once the dead letter is safely kept, retrying for as long as that takes.
 */
public interface DeadLetterSink {

    /**
     * @param key the coin id when known, may be null
     * @throws StoppingException when the service stops before the dead letter was kept; publishing it again is safe
     */
    void publish(String key, DeadLetter deadLetter);
}
