package io.cryptopipe.contract;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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

    /** Record came from a scheduled {@code /coins/markets} poll: the only source that counts as observed. */
    public static final String SOURCE_POLL = "poll";
    /** A point of CoinGecko's history published to fill a hole in the polling (gap repair). */
    public static final String SOURCE_REPAIR = "repair";
    /** A point of CoinGecko's history published by the {@code backfill} command for past days. */
    public static final String SOURCE_BACKFILL = "backfill";

    /** Whether this record was observed by a poll, rather than read from CoinGecko's history afterwards. */
    public boolean observed() {
        return SOURCE_POLL.equals(source);
    }

    /**
     * A record from its fields' values, as a reader that walks {@link RawField#ALL} collects them.
     *
     * @param value each field's value, of its {@link RawField.Type#javaType()}, or null (a null schema version is 0,
     *              which the contract refuses)
     */
    public static MarketRecord of(Function<RawField, Object> value) {
        Integer version = (Integer) value.apply(RawField.SCHEMA_VERSION);
        return new MarketRecord(version == null ? 0 : version, (String) value.apply(RawField.COIN_ID),
                (String) value.apply(RawField.SYMBOL), (String) value.apply(RawField.NAME),
                (Instant) value.apply(RawField.TIMESTAMP), (Instant) value.apply(RawField.FETCHED_AT),
                (String) value.apply(RawField.SOURCE), (Double) value.apply(RawField.CURRENT_PRICE),
                (Double) value.apply(RawField.MARKET_CAP), (Integer) value.apply(RawField.MARKET_CAP_RANK),
                (Double) value.apply(RawField.TOTAL_VOLUME), (Double) value.apply(RawField.HIGH_24H),
                (Double) value.apply(RawField.LOW_24H), (Double) value.apply(RawField.PRICE_CHANGE_24H),
                (Double) value.apply(RawField.PRICE_CHANGE_PERCENTAGE_24H),
                (Double) value.apply(RawField.CIRCULATING_SUPPLY));
    }

    /**
     * The contract every stored record must meet: the one set of rules that every producer applies before
     * publishing and the consumer applies again (it cannot trust what is on the topic). A reader of some input
     * checks only what its form needs (JSON types, the time's text) and leaves the rules to this.
     *
     * @return why this record breaks the contract, the first rule it breaks in the order below, or empty
     */
    public Optional<Rejection> violation() {
        return violation(UnaryOperator.identity());
    }

    /**
     * The same rules, with the fields named as the producer's input names them, so that a dead letter's reason
     * names the field its raw input has (CoinGecko's {@code id} for {@code coin_id}, for example).
     *
     * @param inputName the input's name of a contract field (given the contract's name)
     */
    public Optional<Rejection> violation(UnaryOperator<String> inputName) {
        if (schemaVersion != SCHEMA_VERSION) {
            return reject(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "unsupported schema_version " + schemaVersion);
        }
        return text(inputName.apply(RawFields.COIN_ID), coinId)
                .or(() -> present(inputName.apply(RawFields.TIMESTAMP), timestamp))
                .or(() -> present(inputName.apply(RawFields.FETCHED_AT), fetchedAt))
                .or(() -> text(inputName.apply(RawFields.SYMBOL), symbol))
                .or(() -> text(inputName.apply(RawFields.NAME), name))
                .or(() -> present(inputName.apply(RawFields.CURRENT_PRICE), currentPrice))
                .or(() -> marketCapRank != null && marketCapRank < 1
                        ? reject(ReasonCode.BAD_RANK,
                                inputName.apply(RawFields.MARKET_CAP_RANK) + " must be positive, was " + marketCapRank)
                        : Optional.empty())
                .or(() -> amount(inputName.apply(RawFields.CURRENT_PRICE), currentPrice))
                .or(() -> amount(inputName.apply(RawFields.MARKET_CAP), marketCap))
                .or(() -> amount(inputName.apply(RawFields.TOTAL_VOLUME), totalVolume))
                .or(() -> amount(inputName.apply(RawFields.HIGH_24H), high24h))
                .or(() -> amount(inputName.apply(RawFields.LOW_24H), low24h))
                .or(() -> amount(inputName.apply(RawFields.CIRCULATING_SUPPLY), circulatingSupply))
                .or(() -> finite(inputName.apply(RawFields.PRICE_CHANGE_24H), priceChange24h))
                .or(() -> finite(inputName.apply(RawFields.PRICE_CHANGE_PERCENTAGE_24H), priceChangePercentage24h));
    }

    private static Optional<Rejection> text(String field, String value) {
        if (value == null) {
            return reject(ReasonCode.MISSING_FIELD, field + " is missing");
        }
        return value.isBlank() ? reject(ReasonCode.MISSING_FIELD, field + " is blank") : Optional.empty();
    }

    private static Optional<Rejection> present(String field, Object value) {
        return value == null ? reject(ReasonCode.MISSING_FIELD, field + " is missing") : Optional.empty();
    }

    // Prices, caps, volumes and supplies count something: they cannot be below zero.
    private static Optional<Rejection> amount(String field, Double value) {
        return finite(field, value).or(() -> value != null && value < 0
                ? reject(ReasonCode.NEGATIVE, field + " must not be negative, was " + value)
                : Optional.empty());
    }

    // Changes over 24 h may be negative; they only have to be real numbers.
    private static Optional<Rejection> finite(String field, Double value) {
        return value != null && !Double.isFinite(value)
                ? reject(ReasonCode.NOT_FINITE, field + " must be a finite number, was " + value)
                : Optional.empty();
    }

    private static Optional<Rejection> reject(ReasonCode code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}
