package io.cryptopipe.contract;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The field table of a market record: each field once, with its name (the same in the JSON on {@code market.raw} and
 * in the raw collection's document), its type, whether a valid record may leave it null, the name CoinGecko's
 * {@code /coins/markets} gives it, and how to read it from a {@link MarketRecord}. Readers, writers and schemas
 * iterate this table instead of naming the fields again; the names themselves are constants in {@link RawFields}
 * because annotations and pipeline stages need compile-time strings.
 * <p>
 * The order is the stored document's: the identity first, then the poll's own fields, then CoinGecko's figures.
 */
public enum RawField {

    COIN_ID(RawFields.COIN_ID, Type.STRING, false, "id", MarketRecord::coinId),
    TIMESTAMP(RawFields.TIMESTAMP, Type.INSTANT, false, "last_updated", MarketRecord::timestamp),
    FETCHED_AT(RawFields.FETCHED_AT, Type.INSTANT, false, null, MarketRecord::fetchedAt),
    SOURCE(RawFields.SOURCE, Type.STRING, true, null, MarketRecord::source),
    SCHEMA_VERSION(RawFields.SCHEMA_VERSION, Type.INT32, false, null, MarketRecord::schemaVersion),
    SYMBOL(RawFields.SYMBOL, Type.STRING, false, RawFields.SYMBOL, MarketRecord::symbol),
    NAME(RawFields.NAME, Type.STRING, false, RawFields.NAME, MarketRecord::name),
    CURRENT_PRICE(RawFields.CURRENT_PRICE, Type.DOUBLE, false, RawFields.CURRENT_PRICE, MarketRecord::currentPrice),
    MARKET_CAP(RawFields.MARKET_CAP, Type.DOUBLE, true, RawFields.MARKET_CAP, MarketRecord::marketCap),
    MARKET_CAP_RANK(RawFields.MARKET_CAP_RANK, Type.INT32, true, RawFields.MARKET_CAP_RANK,
            MarketRecord::marketCapRank),
    TOTAL_VOLUME(RawFields.TOTAL_VOLUME, Type.DOUBLE, true, RawFields.TOTAL_VOLUME, MarketRecord::totalVolume),
    HIGH_24H(RawFields.HIGH_24H, Type.DOUBLE, true, RawFields.HIGH_24H, MarketRecord::high24h),
    LOW_24H(RawFields.LOW_24H, Type.DOUBLE, true, RawFields.LOW_24H, MarketRecord::low24h),
    PRICE_CHANGE_24H(RawFields.PRICE_CHANGE_24H, Type.DOUBLE, true, RawFields.PRICE_CHANGE_24H,
            MarketRecord::priceChange24h),
    PRICE_CHANGE_PERCENTAGE_24H(RawFields.PRICE_CHANGE_PERCENTAGE_24H, Type.DOUBLE, true,
            RawFields.PRICE_CHANGE_PERCENTAGE_24H, MarketRecord::priceChangePercentage24h),
    CIRCULATING_SUPPLY(RawFields.CIRCULATING_SUPPLY, Type.DOUBLE, true, RawFields.CIRCULATING_SUPPLY,
            MarketRecord::circulatingSupply);

    /**
     * A field's value type: in JSON a string ({@code STRING}, {@code INSTANT} as ISO-8601 text) or a number; in BSON a
     * string, a date (milliseconds), a 32-bit integer or a double.
     */
    public enum Type {
        STRING(String.class), INSTANT(Instant.class), INT32(Integer.class), DOUBLE(Double.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        /** The boxed Java type a {@link MarketRecord} holds this field's value in. */
        public Class<?> javaType() {
            return javaType;
        }
    }

    /** Every field, in the stored document's order. */
    public static final List<RawField> ALL = List.of(values());

    private static final Map<String, RawField> BY_NAME = Collections.unmodifiableMap(
            Arrays.stream(values()).collect(Collectors.toMap(RawField::fieldName, Function.identity())));

    private final String fieldName;
    private final Type type;
    private final boolean nullable;
    private final String marketsName;
    private final Function<MarketRecord, Object> reader;

    RawField(String fieldName, Type type, boolean nullable, String marketsName,
            Function<MarketRecord, Object> reader) {
        this.fieldName = fieldName;
        this.type = type;
        this.nullable = nullable;
        this.marketsName = marketsName;
        this.reader = reader;
    }

    /** The field's name in JSON and in BSON. */
    public String fieldName() {
        return fieldName;
    }

    public Type type() {
        return type;
    }

    /** Whether a record that meets the contract ({@link MarketRecord#violation()}) may leave this field null. */
    public boolean nullable() {
        return nullable;
    }

    /** Whether the field is part of the record's identity ({@code coin_id}, {@code timestamp}). */
    public boolean identity() {
        return this == COIN_ID || this == TIMESTAMP;
    }

    /** The name CoinGecko's {@code /coins/markets} gives this field; empty for the fields the poll adds itself. */
    public Optional<String> marketsName() {
        return Optional.ofNullable(marketsName);
    }

    /** This field's value in {@code record}, of {@link Type#javaType()}, or null. */
    public Object read(MarketRecord record) {
        return reader.apply(record);
    }

    /** The field of this name, or empty for a name the contract does not have. */
    public static Optional<RawField> named(String fieldName) {
        return Optional.ofNullable(BY_NAME.get(fieldName));
    }
}
