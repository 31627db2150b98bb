package io.cryptopipe.store.write;

/**
 * A Kafka record as store-service received it, before any decoding.
 *
 * @param key   the record key (the coin id, by contract), may be null
 * @param value the record value as text, may be null (a tombstone)
 */
public record IncomingValue(String topic, int partition, long offset, String key, String value) {

    /** Where it came from, for logs. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
