package io.cryptopipe.store.write;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawFields;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a {@code market.raw} value into a {@link MarketRecord} in one pass over its tokens, when every field of the
 * contract has exactly the JSON type the contract gives it; anything else (a wrong type, an unknown version, a
 * field given twice, malformed JSON) answers empty and is left to {@link RecordDecoder}'s tree path, which says
 * why. So this reader never refuses and never judges: it only takes the common case off the slower path, which
 * builds a tree of every value and then maps the tree (two passes and a node per field, per record).
 * <p>
 * What it accepts it reads as the tree path would: the same parser (the decoder's strict mapper), the same
 * conversions (an integer where a number is expected is read as its double, as the mapper does), unknown fields
 * skipped, a missing field null.
 */
final class OnePassRecordReader {

    // One bit per contract field, to see a field given twice (the tree path would keep the last; this path leaves
    // such a value to it rather than copy that rule).
    private static final int SCHEMA_VERSION = 1;
    private static final int COIN_ID = 1 << 1;
    private static final int SYMBOL = 1 << 2;
    private static final int NAME = 1 << 3;
    private static final int TIMESTAMP = 1 << 4;
    private static final int FETCHED_AT = 1 << 5;
    private static final int SOURCE = 1 << 6;
    private static final int CURRENT_PRICE = 1 << 7;
    private static final int MARKET_CAP = 1 << 8;
    private static final int MARKET_CAP_RANK = 1 << 9;
    private static final int TOTAL_VOLUME = 1 << 10;
    private static final int HIGH_24H = 1 << 11;
    private static final int LOW_24H = 1 << 12;
    private static final int PRICE_CHANGE_24H = 1 << 13;
    private static final int PRICE_CHANGE_PERCENTAGE_24H = 1 << 14;
    private static final int CIRCULATING_SUPPLY = 1 << 15;

    /** Thrown inside the reader when a value is not of the contract's type; never leaves it. */
    private static final class NotTheCommonCase extends Exception {
        NotTheCommonCase() {
            super(null, null, false, false);
        }
    }

    private static final NotTheCommonCase NOT_THE_COMMON_CASE = new NotTheCommonCase();

    private final ObjectMapper mapper;

    /** @param mapper the decoder's strict mapper, so that both paths tokenize a value alike */
    OnePassRecordReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The record, or empty when the value is not the common case (then the tree path decides). */
    Optional<MarketRecord> read(String value) {
        try (JsonParser p = mapper.createParser(value)) {
            return Optional.ofNullable(readObject(p));
        } catch (IOException | NotTheCommonCase e) {
            return Optional.empty();
        }
    }

    private static MarketRecord readObject(JsonParser p) throws IOException, NotTheCommonCase {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        int schemaVersion = 0;
        String coinId = null;
        String symbol = null;
        String name = null;
        Instant timestamp = null;
        Instant fetchedAt = null;
        String source = null;
        Double currentPrice = null;
        Double marketCap = null;
        Integer marketCapRank = null;
        Double totalVolume = null;
        Double high24h = null;
        Double low24h = null;
        Double priceChange24h = null;
        Double priceChangePercentage24h = null;
        Double circulatingSupply = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            int bit;
            switch (field) {
                case RawFields.SCHEMA_VERSION -> {
                    bit = SCHEMA_VERSION;
                    schemaVersion = version(p, token);
                }
                case RawFields.COIN_ID -> {
                    bit = COIN_ID;
                    coinId = text(p, token);
                }
                case RawFields.SYMBOL -> {
                    bit = SYMBOL;
                    symbol = text(p, token);
                }
                case RawFields.NAME -> {
                    bit = NAME;
                    name = text(p, token);
                }
                case RawFields.TIMESTAMP -> {
                    bit = TIMESTAMP;
                    timestamp = time(p, token);
                }
                case RawFields.FETCHED_AT -> {
                    bit = FETCHED_AT;
                    fetchedAt = time(p, token);
                }
                case RawFields.SOURCE -> {
                    bit = SOURCE;
                    source = text(p, token);
                }
                case RawFields.CURRENT_PRICE -> {
                    bit = CURRENT_PRICE;
                    currentPrice = number(p, token);
                }
                case RawFields.MARKET_CAP -> {
                    bit = MARKET_CAP;
                    marketCap = number(p, token);
                }
                case RawFields.MARKET_CAP_RANK -> {
                    bit = MARKET_CAP_RANK;
                    marketCapRank = integer(p, token);
                }
                case RawFields.TOTAL_VOLUME -> {
                    bit = TOTAL_VOLUME;
                    totalVolume = number(p, token);
                }
                case RawFields.HIGH_24H -> {
                    bit = HIGH_24H;
                    high24h = number(p, token);
                }
                case RawFields.LOW_24H -> {
                    bit = LOW_24H;
                    low24h = number(p, token);
                }
                case RawFields.PRICE_CHANGE_24H -> {
                    bit = PRICE_CHANGE_24H;
                    priceChange24h = number(p, token);
                }
                case RawFields.PRICE_CHANGE_PERCENTAGE_24H -> {
                    bit = PRICE_CHANGE_PERCENTAGE_24H;
                    priceChangePercentage24h = number(p, token);
                }
                case RawFields.CIRCULATING_SUPPLY -> {
                    bit = CIRCULATING_SUPPLY;
                    circulatingSupply = number(p, token);
                }
                default -> {
                    // Not in the contract: ignored, as the mapper ignores unknown properties (but still parsed,
                    // so malformed JSON anywhere in the value leaves it to the tree path).
                    bit = 0;
                    p.skipChildren();
                }
            }
            if ((seen & bit) != 0) {
                throw NOT_THE_COMMON_CASE;
            }
            seen |= bit;
        }
        // The version decides what every other field means: without it, or another one, the tree path answers.
        // Anything after the object is trailing garbage, which the tree path refuses.
        if ((seen & SCHEMA_VERSION) == 0 || p.nextToken() != null) {
            return null;
        }
        return new MarketRecord(schemaVersion, coinId, symbol, name, timestamp, fetchedAt, source, currentPrice,
                marketCap, marketCapRank, totalVolume, high24h, low24h, priceChange24h, priceChangePercentage24h,
                circulatingSupply);
    }

    private static int version(JsonParser p, JsonToken token) throws IOException, NotTheCommonCase {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                || p.getIntValue() != MarketRecord.SCHEMA_VERSION) {
            throw NOT_THE_COMMON_CASE;
        }
        return p.getIntValue();
    }

    private static String text(JsonParser p, JsonToken token) throws IOException, NotTheCommonCase {
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw NOT_THE_COMMON_CASE;
        };
    }

    // Only the contract's own form, ISO-8601 in UTC ending in Z, which the mapper's Instant deserializer reads with
    // the same formatter (ISO_INSTANT); its other forms (offsets, digits as epoch time, blanks) are the tree path's.
    private static Instant time(JsonParser p, JsonToken token) throws IOException, NotTheCommonCase {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw NOT_THE_COMMON_CASE;
        }
        String text = p.getText();
        if (text.isEmpty() || text.charAt(text.length() - 1) != 'Z') {
            throw NOT_THE_COMMON_CASE;
        }
        try {
            return UtcTimestamp.parse(text);
        } catch (DateTimeException e) {
            throw NOT_THE_COMMON_CASE;
        }
    }

    private static Double number(JsonParser p, JsonToken token) throws IOException, NotTheCommonCase {
        return switch (token) {
            case VALUE_NUMBER_FLOAT, VALUE_NUMBER_INT -> p.getDoubleValue();
            case VALUE_NULL -> null;
            default -> throw NOT_THE_COMMON_CASE;
        };
    }

    private static Integer integer(JsonParser p, JsonToken token) throws IOException, NotTheCommonCase {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw NOT_THE_COMMON_CASE;
        }
        return p.getIntValue();
    }
}
