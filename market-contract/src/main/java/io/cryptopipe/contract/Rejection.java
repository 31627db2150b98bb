package io.cryptopipe.contract;

/**
 * Why one record is dead-lettered instead of published or stored.
 *
 * @param code   the bounded code (a metric tag, where the free text would not do)
 * @param detail what exactly was wrong with this record, naming the field
 */
public record Rejection(ReasonCode code, String detail) {

    /**
     * The code, a colon, the detail ({@code contract_violation: coin_id is missing}): how store-service words a
     * dead letter's reason, so that its readers can group by the code. ingest-service's dead letters carry the
     * detail alone.
     */
    public String codeAndDetail() {
        return code.tag() + ": " + detail;
    }

    /** The same detail under another code. */
    public Rejection as(ReasonCode other) {
        return new Rejection(other, detail);
    }
}
