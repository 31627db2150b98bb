package io.cryptopipe.contract;

/**
 * Field names of a market record: its JSON form on {@code market.raw} ({@link MarketRecord}) and its document in the
 * raw collection, which store-service writes field for field and the daily job and the query API read.
 */
public final class RawFields {

    public static final String SCHEMA_VERSION = "schema_version";
    public static final String COIN_ID = "coin_id";
    public static final String SYMBOL = "symbol";
    public static final String NAME = "name";
    /** The observation time (CoinGecko's {@code last_updated}); with {@link #COIN_ID} the record's identity. */
    public static final String TIMESTAMP = "timestamp";
    public static final String FETCHED_AT = "fetched_at";
    public static final String SOURCE = "source";
    public static final String CURRENT_PRICE = "current_price";
    public static final String MARKET_CAP = "market_cap";
    public static final String MARKET_CAP_RANK = "market_cap_rank";
    public static final String TOTAL_VOLUME = "total_volume";
    public static final String HIGH_24H = "high_24h";
    public static final String LOW_24H = "low_24h";
    public static final String PRICE_CHANGE_24H = "price_change_24h";
    public static final String PRICE_CHANGE_PERCENTAGE_24H = "price_change_percentage_24h";
    public static final String CIRCULATING_SUPPLY = "circulating_supply";

    private RawFields() {
    }
}
