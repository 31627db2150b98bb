package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.model.RawRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, for every record of a {@code /coins/markets} answer, whether it becomes a {@link MarketRecord} or a
 * dead letter. Values are taken as CoinGecko typed them: a price sent as a string or a boolean is refused, never
 * coerced, because a feed that changes its types has changed its meaning too. Fields the contract does not carry
 * ({@code roi}, {@code ath}, extra fields) are not looked at.
 */
@ApplicationScoped
public class MarketRecordValidator {

    static final String DUPLICATE_ID = "duplicate id in response";

    private static final int VALUE_PREVIEW = 40;

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
                verdict = new Verdict.Rejected(raw, new Rejection(RejectionCode.DUPLICATE_ID, DUPLICATE_ID));
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    /** Validates one record on its own (no duplicate check). Never throws. */
    public Verdict validate(RawRecord raw, Instant fetchedAt) {
        try {
            return new Verdict.Accepted(raw, toMarketRecord(raw.json(), fetchedAt));
        } catch (Refusal refusal) {
            return new Verdict.Rejected(raw, refusal.rejection);
        }
    }

    private static MarketRecord toMarketRecord(JsonNode json, Instant fetchedAt) throws Refusal {
        if (json == null || !json.isObject()) {
            throw refuse(RejectionCode.NOT_AN_OBJECT, "record is not a JSON object but " + describe(json));
        }
        MarketRecord record = new MarketRecord(
                MarketRecord.SCHEMA_VERSION,
                requiredText(json, "id"),
                requiredText(json, "symbol"),
                requiredText(json, "name"),
                requiredTimestamp(json, "last_updated"),
                fetchedAt,
                MarketRecord.SOURCE_POLL,
                nonNegative("current_price", requiredNumber(json, "current_price")),
                nonNegative("market_cap", optionalNumber(json, "market_cap")),
                optionalRank(json, "market_cap_rank"),
                nonNegative("total_volume", optionalNumber(json, "total_volume")),
                nonNegative("high_24h", optionalNumber(json, "high_24h")),
                nonNegative("low_24h", optionalNumber(json, "low_24h")),
                optionalNumber(json, "price_change_24h"),
                optionalNumber(json, "price_change_percentage_24h"),
                nonNegative("circulating_supply", optionalNumber(json, "circulating_supply")));
        // The contract's own check is the consumer's; running it here keeps the two from drifting apart unnoticed.
        var violation = record.violation();
        if (violation.isPresent()) {
            throw refuse(RejectionCode.CONTRACT, violation.get());
        }
        return record;
    }

    private static String requiredText(JsonNode json, String field) throws Refusal {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw refuse(RejectionCode.MISSING_FIELD, field + " is missing");
        }
        if (!value.isTextual()) {
            throw refuse(RejectionCode.WRONG_TYPE, field + " must be a string, was " + describe(value));
        }
        if (value.asText().isBlank()) {
            throw refuse(RejectionCode.MISSING_FIELD, field + " is blank");
        }
        return value.asText();
    }

    private static Instant requiredTimestamp(JsonNode json, String field) throws Refusal {
        String text = requiredText(json, field);
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw refuse(RejectionCode.BAD_TIMESTAMP,
                    field + " must be an ISO-8601 date-time with offset, was \"" + preview(text) + "\"");
        }
    }

    private static double requiredNumber(JsonNode json, String field) throws Refusal {
        Double value = optionalNumber(json, field);
        if (value == null) {
            throw refuse(RejectionCode.MISSING_FIELD, field + " is missing");
        }
        return value;
    }

    /** Missing and null both mean "CoinGecko has no value", which the record keeps as null. */
    private static Double optionalNumber(JsonNode json, String field) throws Refusal {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw refuse(RejectionCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        // Integers beyond a double's range and literals like 1e400 become infinite here, and are refused.
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw refuse(RejectionCode.NOT_FINITE, field + " must be a finite number, was " + describe(value));
        }
        return number;
    }

    private static Double nonNegative(String field, Double value) throws Refusal {
        if (value != null && value < 0) {
            throw refuse(RejectionCode.NEGATIVE, field + " must not be negative, was " + value);
        }
        return value;
    }

    private static Integer optionalRank(JsonNode json, String field) throws Refusal {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw refuse(RejectionCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw refuse(RejectionCode.BAD_RANK, field + " must be a positive integer, was " + describe(value));
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

    private static Refusal refuse(RejectionCode code, String reason) {
        return new Refusal(new Rejection(code, reason));
    }

    /** Carries a rejection out of the field readers; expected control flow, so no stack trace is taken. */
    private static final class Refusal extends Exception {

        private final transient Rejection rejection;

        Refusal(Rejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }
    }
}
