package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.model.RawRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides, for every record CoinGecko answered (a {@code /coins/markets} record of a poll, or a point of a
 * backfill's {@code market_chart/range}), whether it becomes a {@link MarketRecord} or a dead letter. Reading
 * CoinGecko's JSON into a record is this class's: values are taken as CoinGecko typed them, a price sent as a string
 * or a boolean is refused, never coerced, because a feed that changes its types has changed its meaning too; fields
 * the contract does not carry ({@code roi}, {@code ath}, extra fields) are not looked at. Whether the record is
 * acceptable is the contract's ({@link MarketRecord#violation}), the same rules the store applies.
 */
@ApplicationScoped
public class MarketRecordValidator {

    /** Every code this validator refuses with: a metric series for each exists from start-up. */
    public static final Set<ReasonCode> REASONS = EnumSet.of(ReasonCode.NOT_AN_OBJECT, ReasonCode.MISSING_FIELD,
            ReasonCode.WRONG_TYPE, ReasonCode.NOT_FINITE, ReasonCode.NEGATIVE, ReasonCode.BAD_TIMESTAMP,
            ReasonCode.BAD_RANK, ReasonCode.DUPLICATE_ID);

    static final String DUPLICATE_ID = "duplicate id in response";

    private static final int VALUE_PREVIEW = 40;
    // A dead letter carries the CoinGecko record: its reason names the field as that record does.
    private static final Map<String, String> MARKETS_NAMES = Map.of("coin_id", "id", "timestamp", "last_updated");
    private static final UnaryOperator<String> MARKETS_NAME = field -> MARKETS_NAMES.getOrDefault(field, field);

    /**
     * Validates the records of one poll in order. The first record carrying an id claims it: a later record with
     * the same id is refused even when the first was refused too, since neither can be trusted as the coin's state.
     */
    public List<Verdict> validateResponse(List<RawRecord> records, Instant fetchedAt) {
        List<Verdict> verdicts = new ArrayList<>(records.size());
        Set<String> seenIds = new HashSet<>();
        for (RawRecord raw : records) {
            Verdict verdict = validate(raw, fetchedAt);
            String id = raw.coinIdOrNull();
            if (id != null && !seenIds.add(id) && verdict instanceof Verdict.Accepted) {
                verdict = new Verdict.Rejected(raw, new Rejection(ReasonCode.DUPLICATE_ID, DUPLICATE_ID));
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    /** Validates one {@code /coins/markets} record on its own (no duplicate check). Never throws. */
    public Verdict validate(RawRecord raw, Instant fetchedAt) {
        try {
            return judged(raw, marketsRecord(raw.json(), fetchedAt), MARKETS_NAME);
        } catch (Refusal refusal) {
            return new Verdict.Rejected(raw, refusal.rejection);
        }
    }

    /**
     * Validates the points {@code [epoch millis, price]} of one {@code market_chart/range} answer observed in
     * {@code [from, until)}, as records of source {@code source}: symbol and name from {@code coin} (the coin's
     * {@code /coins/markets} record), market cap and volume from the answer's series at the same time, the fields
     * the endpoint lacks null. Points outside the range are left out, as another range asks for them; a point
     * whose time cannot be read is judged here, since no other range would. Never throws.
     */
    public List<Verdict> validateChart(RawRecord coin, JsonNode chart, Instant from, Instant until, String source,
            Instant fetchedAt) {
        Map<Long, JsonNode> caps = series(chart.path("market_caps"));
        Map<Long, JsonNode> volumes = series(chart.path("total_volumes"));
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode point : chart.path("prices")) {
            JsonNode time = point.path(0);
            if (time.isIntegralNumber() && time.canConvertToLong()) {
                Instant at = Instant.ofEpochMilli(time.longValue());
                if (at.isBefore(from) || !at.isBefore(until)) {
                    continue;
                }
            }
            RawRecord raw = new RawRecord(point, point.toString());
            try {
                MarketRecord record = chartRecord(coin, point, caps, volumes, source, fetchedAt);
                verdicts.add(judged(raw, record, UnaryOperator.identity()));
            } catch (Refusal refusal) {
                verdicts.add(new Verdict.Rejected(raw, refusal.rejection));
            }
        }
        return verdicts;
    }

    private static Verdict judged(RawRecord raw, MarketRecord record, UnaryOperator<String> inputName) {
        return record.violation(inputName)
                .<Verdict>map(rejection -> new Verdict.Rejected(raw, rejection))
                .orElseGet(() -> new Verdict.Accepted(raw, record));
    }

    private static MarketRecord marketsRecord(JsonNode json, Instant fetchedAt) throws Refusal {
        if (json == null || !json.isObject()) {
            throw refuse(ReasonCode.NOT_AN_OBJECT, "record is not a JSON object but " + describe(json));
        }
        return new MarketRecord(
                MarketRecord.SCHEMA_VERSION,
                text(json, "id"),
                text(json, "symbol"),
                text(json, "name"),
                timestamp(json, "last_updated"),
                fetchedAt,
                MarketRecord.SOURCE_POLL,
                number(json.get("current_price"), "current_price"),
                number(json.get("market_cap"), "market_cap"),
                rank(json, "market_cap_rank"),
                number(json.get("total_volume"), "total_volume"),
                number(json.get("high_24h"), "high_24h"),
                number(json.get("low_24h"), "low_24h"),
                number(json.get("price_change_24h"), "price_change_24h"),
                number(json.get("price_change_percentage_24h"), "price_change_percentage_24h"),
                number(json.get("circulating_supply"), "circulating_supply"));
    }

    private static MarketRecord chartRecord(RawRecord coin, JsonNode point, Map<Long, JsonNode> caps,
            Map<Long, JsonNode> volumes, String source, Instant fetchedAt) throws Refusal {
        if (!point.isArray()) {
            throw refuse(ReasonCode.WRONG_TYPE, "a price point must be an array [time, price], was "
                    + describe(point));
        }
        JsonNode time = point.get(0);
        Instant at = null;
        Long millis = null;
        if (time != null && !time.isNull()) {
            if (!time.isNumber()) {
                throw refuse(ReasonCode.WRONG_TYPE, "timestamp must be a number of epoch milliseconds, was "
                        + describe(time));
            }
            if (!time.isIntegralNumber() || !time.canConvertToLong()) {
                throw refuse(ReasonCode.BAD_TIMESTAMP, "timestamp must be whole epoch milliseconds, was "
                        + describe(time));
            }
            millis = time.longValue();
            at = Instant.ofEpochMilli(millis);
        }
        return new MarketRecord(MarketRecord.SCHEMA_VERSION, coin.coinIdOrNull(), text(coin.json(), "symbol"),
                text(coin.json(), "name"), at, fetchedAt, source, number(point.get(1), "current_price"),
                number(caps.get(millis), "market_cap"), null, number(volumes.get(millis), "total_volume"),
                null, null, null, null, null);
    }

    // Market caps and volumes are matched to a price by time; an entry whose time cannot be read matches none
    // (the prices are the records, these only add to them).
    private static Map<Long, JsonNode> series(JsonNode points) {
        Map<Long, JsonNode> values = new HashMap<>();
        for (JsonNode point : points) {
            JsonNode time = point.path(0);
            if (time.isIntegralNumber() && time.canConvertToLong()) {
                values.put(time.longValue(), point.path(1));
            }
        }
        return values;
    }

    /** The text, or null when there is none (the contract then says the field is missing). */
    private static String text(JsonNode json, String field) throws Refusal {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a string, was " + describe(value));
        }
        return value.asText();
    }

    private static Instant timestamp(JsonNode json, String field) throws Refusal {
        String text = text(json, field);
        if (text == null) {
            return null;
        }
        // A blank text is not a time; said as such rather than as a time that does not parse.
        if (text.isBlank()) {
            throw refuse(ReasonCode.MISSING_FIELD, field + " is blank");
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw refuse(ReasonCode.BAD_TIMESTAMP,
                    field + " must be an ISO-8601 date-time with offset, was \"" + preview(text) + "\"");
        }
    }

    /**
     * Missing and null both mean "CoinGecko has no value", which the record keeps as null. Integers beyond a
     * double's range and literals like 1e400 become infinite here, which the contract refuses.
     */
    private static Double number(JsonNode value, String field) throws Refusal {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isNumber()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        return value.doubleValue();
    }

    // A rank that is not a whole number in an int's range cannot be a record's rank at all; the contract judges
    // the int (which must be positive).
    private static Integer rank(JsonNode json, String field) throws Refusal {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw refuse(ReasonCode.BAD_RANK, field + " must be a positive integer, was " + describe(value));
        }
        return value.intValue();
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String type = value.getNodeType().name().toLowerCase();
        if (value.isTextual()) {
            return type + " \"" + preview(value.asText()) + "\"";
        }
        if (value.isValueNode() && !value.isNull()) {
            return type + " " + preview(value.asText());
        }
        return type;
    }

    private static String preview(String text) {
        return text.length() <= VALUE_PREVIEW ? text : text.substring(0, VALUE_PREVIEW) + "...";
    }

    private static Refusal refuse(ReasonCode code, String detail) {
        return new Refusal(new Rejection(code, detail));
    }

    /** Carries a rejection out of the field readers; expected control flow, so no stack trace is taken. */
    private static final class Refusal extends Exception {

        private final transient Rejection rejection;

        Refusal(Rejection rejection) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
        }
    }
}
