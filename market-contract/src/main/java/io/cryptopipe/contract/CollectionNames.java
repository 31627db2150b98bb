package io.cryptopipe.contract;

/**
 * The MongoDB collections more than one service reads or writes, by their default names. The services read them as
 * configuration (service-runtime's {@code SharedNames}, keys {@code market.collections.*}): the store's writer and
 * query API and the daily job then always agree on where a collection is. These constants are those settings'
 * defaults.
 */
public final class CollectionNames {

    /** One document per observation (coin_id, timestamp): store-service writes it, the daily job reads it. */
    public static final String RAW = "market_data_raw";
    /** One document per coin and day: the daily job writes it, store-service's query API reads it. */
    public static final String DAILY = "market_data_daily";
    /** One data-quality report per day: the daily job writes it and its {@code check} reads it. */
    public static final String QUALITY = "market_data_quality";

    private CollectionNames() {
    }
}
