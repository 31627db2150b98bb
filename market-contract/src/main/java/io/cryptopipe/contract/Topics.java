package io.cryptopipe.contract;

/**
 * The Kafka topics the services share, by their default names. The services read them as configuration
 * (service-runtime's {@code SharedNames}, keys {@code market.topics.*}, defaults in service-runtime's
 * {@code META-INF/microprofile-config.properties}, equal to these), so that one setting moves every producer and
 * consumer of a topic together; these constants are what code outside a service (tests, benchmarks) names them by.
 */
public final class Topics {

    /** Valid market records, keyed by coin id: ingest-service writes, store-service reads. */
    public static final String RAW = "market.raw";
    /** Records refused by ingest-service's validation or by store-service, each with its reason. */
    public static final String RAW_DEAD_LETTERS = "market.raw.dlq";
    /** One event per coin and day, after the daily job wrote the day. */
    public static final String DAILY = "market.daily";

    private Topics() {
    }
}
