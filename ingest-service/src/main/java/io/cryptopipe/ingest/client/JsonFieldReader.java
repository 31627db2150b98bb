package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawField;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads JSON values as the contract's fields, by each field's {@link RawField.Type}: a value of the wrong JSON type is
 * refused naming the field as the input names it, never coerced.
 */
final class JsonFieldReader {

    /**
     * Texts first, then the time, then the figures (each in table order): a record with several faults is refused for
     * the first one met in this order, as it always was.
     */
    static final List<RawField> READ_ORDER = RawField.ALL.stream()
            .sorted(Comparator.comparingInt(field -> switch (field.type()) {
                case STRING -> 0;
                case INSTANT -> 1;
                default -> 2;
            }))
            .toList();

    private static final int VALUE_PREVIEW = 40;

    private JsonFieldReader() {
    }

    /**
     * The value of each field given an input, in {@link #READ_ORDER}, with the current schema version. Absent, JSON
     * null and missing all mean "no value", which the record keeps as null (the contract then says what is missing).
     *
     * @param name the input's name of a field, for the reason of a refusal
     */
    static Map<RawField, Object> read(Map<RawField, JsonNode> inputs, Function<RawField, String> name)
            throws Refusal {
        Map<RawField, Object> values = new EnumMap<>(RawField.class);
        values.put(RawField.SCHEMA_VERSION, MarketRecord.SCHEMA_VERSION);
        for (RawField field : READ_ORDER) {
            JsonNode value = inputs.get(field);
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                values.put(field, read(field.type(), value, name.apply(field)));
            }
        }
        return values;
    }

    private static Object read(RawField.Type type, JsonNode value, String field) throws Refusal {
        return switch (type) {
            case STRING -> text(value, field);
            case INSTANT -> timestamp(text(value, field), field);
            case INT32 -> wholeNumber(value, field);
            case DOUBLE -> number(value, field);
        };
    }

    private static String text(JsonNode value, String field) throws Refusal {
        if (!value.isTextual()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a string, was " + describe(value));
        }
        return value.asText();
    }

    private static Instant timestamp(String text, String field) throws Refusal {
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

    /** Integers beyond a double's range and literals like 1e400 become infinite here, which the contract refuses. */
    private static Double number(JsonNode value, String field) throws Refusal {
        if (!value.isNumber()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        return value.doubleValue();
    }

    // A rank that is not a whole number in an int's range cannot be a record's rank at all; the contract judges
    // the int (which must be positive).
    private static Integer wholeNumber(JsonNode value, String field) throws Refusal {
        if (!value.isNumber()) {
            throw refuse(ReasonCode.WRONG_TYPE, field + " must be a number, was " + describe(value));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw refuse(ReasonCode.BAD_RANK, field + " must be a positive integer, was " + describe(value));
        }
        return value.intValue();
    }

    /** What a value is, for a reason: its JSON type and (the start of) its text. */
    static String describe(JsonNode value) {
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

    static Refusal refuse(ReasonCode code, String detail) {
        return new Refusal(new Rejection(code, detail));
    }

    /** Carries a rejection out of the field readers; expected control flow, so no stack trace is taken. */
    static final class Refusal extends Exception {

        private final transient Rejection rejection;

        Refusal(Rejection rejection) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
        }

        Rejection rejection() {
            return rejection;
        }
    }
}
