package io.cryptopipe.runtime.kafka;

/**
 * Topics could be neither found nor created: the broker refused them, did not answer in time, or the caller was
 * interrupted. The message says which, in one line.
 */
public class TopicsUnavailableException extends IllegalStateException {

    public TopicsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
