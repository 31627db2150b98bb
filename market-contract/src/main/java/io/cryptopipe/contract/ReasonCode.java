package io.cryptopipe.contract;

/**
 * Why a record was neither published nor stored, as a short, fixed code: the {@code reason} tag of
 * ingest-service's {@code ingest.records.rejected} and store-service's {@code store.records.dead.lettered}, and the
 * start of a store dead letter's reason. Dashboards, alert rules and readers of the dead-letter topic group by these
 * values: a code may be added, but never renamed.
 */
public enum ReasonCode {

    // The input is not a record of the JSON shape its reader expects.
    EMPTY_VALUE("empty_value"),
    MALFORMED_JSON("malformed_json"),
    NOT_AN_OBJECT("not_an_object"),
    WRONG_TYPE("wrong_type"),
    BAD_TIMESTAMP("bad_timestamp"),

    // The rules of the contract, MarketRecord#violation.
    UNSUPPORTED_SCHEMA_VERSION("unsupported_schema_version"),
    MISSING_FIELD("missing_field"),
    NOT_FINITE("not_finite"),
    NEGATIVE("negative"),
    BAD_RANK("bad_rank"),

    /** A second record for a coin in one {@code /coins/markets} answer. */
    DUPLICATE_ID("duplicate_id"),
    /** A record on the topic that breaks a rule of the contract, whichever: store-service's one code for them all. */
    CONTRACT_VIOLATION("contract_violation"),
    /** MongoDB refused the document. */
    WRITE_REJECTED("write_rejected");

    private final String tag;

    ReasonCode(String tag) {
        this.tag = tag;
    }

    /** The code as metrics and dead letters spell it. */
    public String tag() {
        return tag;
    }
}
