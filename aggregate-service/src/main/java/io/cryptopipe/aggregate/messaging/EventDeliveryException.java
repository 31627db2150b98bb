package io.cryptopipe.aggregate.messaging;

/** The day's events could not be handed to Kafka; the documents are written, a re-run emits the events again. */
public class EventDeliveryException extends RuntimeException {

    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
