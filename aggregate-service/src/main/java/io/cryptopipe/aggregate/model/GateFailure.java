package io.cryptopipe.aggregate.model;

import org.bson.Document;

import static io.cryptopipe.contract.DailyFields.COIN_ID;

/**
 * One reason a day fails the quality gate.
 *
 * @param coinId the coin it is about, or {@code null} when it is about the whole day
 * @param holes  whether filling the coin's holes could lift it: its coverage with repairs counted is too low (but not
 *               its observed coverage), or the coin is missing
 */
public record GateFailure(String coinId, String reason, boolean holes) {

    public static final String REASON = "reason";

    /** A failure no repair of holes can lift. */
    public GateFailure(String coinId, String reason) {
        this(coinId, reason, false);
    }

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
