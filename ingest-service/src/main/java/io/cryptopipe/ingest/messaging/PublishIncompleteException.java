package io.cryptopipe.ingest.messaging;

/**
 * The broker did not acknowledge every record of a delivery within the deadline; those it did acknowledge have left
 * the {@link Delivery}, so the next attempt sends only the rest.
 */
public class PublishIncompleteException extends BrokerUnavailableException {

    private final int unacknowledged;

    PublishIncompleteException(String message, int unacknowledged) {
        super(message);
        this.unacknowledged = unacknowledged;
    }

    /** How many records of the delivery the broker has not acknowledged. */
    public int unacknowledged() {
        return unacknowledged;
    }
}
