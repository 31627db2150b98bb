package io.cryptopipe.aggregate.model;

import org.bson.Document;

import static io.cryptopipe.contract.DailyFields.COIN_ID;

/**
 * One reason a day fails the quality gate.
 *
 * @param coinId the coin it is about, or {@code null} when it is about the whole day
 */
public record GateFailure(String coinId, String reason) {

    public static final String REASON = "reason";

    public static GateFailure ofDay(String reason) {
        return new GateFailure(null, reason);
    }

    public Document toDocument() {
        return new Document(COIN_ID, coinId).append(REASON, reason);
    }

    /** {@code coin: reason}, or the reason alone for the whole day. */
    public String describe() {
        return coinId == null ? reason : coinId + ": " + reason;
    }
}
