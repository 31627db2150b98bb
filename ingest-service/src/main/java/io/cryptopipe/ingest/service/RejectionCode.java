package io.cryptopipe.ingest.service;

/** Why a record was refused, as a short, bounded code: a metric tag, where the free-text reason would not do. */
public enum RejectionCode {
    NOT_AN_OBJECT("not_an_object"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    NOT_FINITE("not_finite"),
    NEGATIVE("negative"),
    BAD_TIMESTAMP("bad_timestamp"),
    BAD_RANK("bad_rank"),
    DUPLICATE_ID("duplicate_id"),
    CONTRACT("contract");

    private final String tag;

    RejectionCode(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
