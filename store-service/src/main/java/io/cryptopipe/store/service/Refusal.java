package io.cryptopipe.store.service;

/**
 * Why a record is dead-lettered instead of stored.
 *
 * @param code   a short, fixed code (metric tag, start of the dead letter's reason)
 * @param detail what exactly was wrong with this record
 */
public record Refusal(String code, String detail) {

    public static final String EMPTY_VALUE = "empty_value";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version";
    public static final String CONTRACT_VIOLATION = "contract_violation";
    public static final String WRITE_REJECTED = "write_rejected";

    /** The dead letter's reason: the code first, so that readers can group by it, then the detail. */
    public String reason() {
        return code + ": " + detail;
    }
}
