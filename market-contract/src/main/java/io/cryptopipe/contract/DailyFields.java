package io.cryptopipe.contract;

/**
 * Field names of a daily document (one per coin and UTC day): the daily job's pipeline writes them, its quality
 * check and events read them, and store-service's query API serves them.
 * <p>
 * {@code last_total_volume} and {@code last_market_cap} are the values of the day's last observation (the one that
 * gives {@code close_price}), so they are {@code null} when that observation had none; the averages skip missing
 * values and are {@code null} only when the whole day had none. {@code last_market_cap_rank} is the rank of that
 * observation too; the quality gate takes the day's top coins by it.
 */
public final class DailyFields {

    public static final String COIN_ID = "coin_id";
    /** The UTC day, {@code YYYY-MM-DD}; with {@link #COIN_ID} the document's identity. */
    public static final String DATE = "date";
    public static final String SYMBOL = "symbol";
    public static final String NAME = "name";
    public static final String AVG_PRICE = "avg_price";
    public static final String MIN_PRICE = "min_price";
    public static final String MAX_PRICE = "max_price";
    public static final String OPEN_PRICE = "open_price";
    public static final String CLOSE_PRICE = "close_price";
    public static final String DATA_POINTS = "data_points";
    public static final String FIRST_TIMESTAMP = "first_timestamp";
    public static final String LAST_TIMESTAMP = "last_timestamp";
    public static final String AVG_TOTAL_VOLUME = "avg_total_volume";
    public static final String LAST_TOTAL_VOLUME = "last_total_volume";
    public static final String AVG_MARKET_CAP = "avg_market_cap";
    public static final String LAST_MARKET_CAP = "last_market_cap";
    public static final String LAST_MARKET_CAP_RANK = "last_market_cap_rank";
    /**
     * Time-weighted average price: each point's price held until the next point, each hold capped (the aggregate job's
     * {@code aggregate.twap.max-hold}); {@code null} when no price was held at all.
     */
    public static final String TWAP = "twap";
    /** The seconds of the day {@link #TWAP} covers (whole seconds, rounded down). */
    public static final String TWAP_SECONDS = "twap_seconds";
    /** The data-quality sub-document (coverage, longest gap, price checks), written with the statistics. */
    public static final String QUALITY = "quality";

    private DailyFields() {
    }
}
