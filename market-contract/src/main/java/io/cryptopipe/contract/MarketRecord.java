package io.cryptopipe.contract;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Optional;

/**
 * One observation of one coin: what ingest-service publishes to {@code market.raw} and store-service writes to
 * {@code market_data_raw}. Its identity is ({@code coin_id}, {@code timestamp}); {@code timestamp} is the
 * observation time CoinGecko reports as {@code last_updated}, {@code fetched_at} the time of the poll.
 * <p>
 * Numbers are doubles: they keep 15-17 significant digits at any magnitude, which covers 1e-8 prices and 1e15
 * supplies alike, where a fixed-decimal type would not.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarketRecord(
        @JsonProperty(RawFields.SCHEMA_VERSION) int schemaVersion,
        @JsonProperty(RawFields.COIN_ID) String coinId,
        @JsonProperty(RawFields.SYMBOL) String symbol,
        @JsonProperty(RawFields.NAME) String name,
        @JsonProperty(RawFields.TIMESTAMP) @JsonFormat(shape = JsonFormat.Shape.STRING) Instant timestamp,
        @JsonProperty(RawFields.FETCHED_AT) @JsonFormat(shape = JsonFormat.Shape.STRING) Instant fetchedAt,
        @JsonProperty(RawFields.SOURCE) String source,
        @JsonProperty(RawFields.CURRENT_PRICE) Double currentPrice,
        @JsonProperty(RawFields.MARKET_CAP) Double marketCap,
        @JsonProperty(RawFields.MARKET_CAP_RANK) Integer marketCapRank,
        @JsonProperty(RawFields.TOTAL_VOLUME) Double totalVolume,
        @JsonProperty(RawFields.HIGH_24H) Double high24h,
        @JsonProperty(RawFields.LOW_24H) Double low24h,
        @JsonProperty(RawFields.PRICE_CHANGE_24H) Double priceChange24h,
        @JsonProperty(RawFields.PRICE_CHANGE_PERCENTAGE_24H) Double priceChangePercentage24h,
        @JsonProperty(RawFields.CIRCULATING_SUPPLY) Double circulatingSupply) {

    /** The version of this JSON shape; a consumer rejects versions it does not know. */
    public static final int SCHEMA_VERSION = 1;

    /** Record came from a scheduled {@code /coins/markets} poll. */
    public static final String SOURCE_POLL = "poll";

    /**
     * The contract every stored record must meet, checked by the producer before publishing and again by the
     * consumer (which cannot trust what is on the topic).
     *
     * @return the reason this record breaks the contract, or empty when it meets it
     */
    public Optional<String> violation() {
        if (schemaVersion != SCHEMA_VERSION) {
            return Optional.of("unsupported schema_version " + schemaVersion);
        }
        if (isBlank(coinId)) {
            return Optional.of("coin_id is missing");
        }
        if (timestamp == null) {
            return Optional.of("timestamp is missing");
        }
        if (fetchedAt == null) {
            return Optional.of("fetched_at is missing");
        }
        if (isBlank(symbol)) {
            return Optional.of("symbol is missing");
        }
        if (isBlank(name)) {
            return Optional.of("name is missing");
        }
        if (currentPrice == null) {
            return Optional.of("current_price is missing");
        }
        if (marketCapRank != null && marketCapRank < 1) {
            return Optional.of("market_cap_rank must be positive, was " + marketCapRank);
        }
        return firstBadNumber(
                "current_price", currentPrice,
                "market_cap", marketCap,
                "total_volume", totalVolume,
                "high_24h", high24h,
                "low_24h", low24h,
                "circulating_supply", circulatingSupply)
                .or(() -> notFinite("price_change_24h", priceChange24h))
                .or(() -> notFinite("price_change_percentage_24h", priceChangePercentage24h));
    }

    private static Optional<String> firstBadNumber(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String field = (String) namesAndValues[i];
            Double value = (Double) namesAndValues[i + 1];
            Optional<String> bad = notFinite(field, value);
            if (bad.isPresent()) {
                return bad;
            }
            if (value != null && value < 0) {
                return Optional.of(field + " must not be negative, was " + value);
            }
        }
        return Optional.empty();
    }

    // Changes over 24 h may be negative; they only have to be real numbers.
    private static Optional<String> notFinite(String field, Double value) {
        return value != null && !Double.isFinite(value)
                ? Optional.of(field + " must be a finite number, was " + value)
                : Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
