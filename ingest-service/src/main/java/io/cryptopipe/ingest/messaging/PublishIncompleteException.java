package io.cryptopipe.ingest.messaging;

/**
 * The broker did not acknowledge every record of a delivery within the deadline; those it did acknowledge have left
 * the {@link Delivery}, so the next attempt sends only the rest.
 */
public class PublishIncompleteException extends BrokerUnavailableException {

    PublishIncompleteException(String message) {
        super(message);
    }
}
