package io.cryptopipe.ingest.messaging;

/** The Kafka broker could not be reached, refused to create a topic, or did not acknowledge what was sent. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
