package io.cryptopipe.store.service;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;

/**
 * The result of decoding one value: the record, or why there is none.
 *
 * @param coinId the coin id when it could be read, even from a refused value (the dead letter's key)
 */
public record Decoded(MarketRecord record, Rejection refusal, String coinId) {

    static Decoded of(MarketRecord record) {
        return new Decoded(record, null, record.coinId());
    }

    static Decoded refused(ReasonCode code, String detail, String coinId) {
        return new Decoded(null, new Rejection(code, detail), coinId);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
