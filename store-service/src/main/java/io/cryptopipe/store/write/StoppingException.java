package io.cryptopipe.store.write;

/**
 * The service began to stop while a batch was still waiting for MongoDB or Kafka; the batch was not (entirely)
 * stored, so it must not be acknowledged.
 */
public class StoppingException extends RuntimeException {

    public StoppingException(String message) {
        super(message);
    }
}
