package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;

/** The result of decoding one value: the record, or why there is none. */
public sealed interface Decoded {

    /** The coin id when it could be read, even from a refused value (the dead letter's key); may be null. */
    String coinId();

    /** A value that is a record of the contract's JSON shape. */
    record Read(MarketRecord record) implements Decoded {
        @Override
        public String coinId() {
            return record.coinId();
        }
    }

    /** A value that is no record, and why. */
    record Refused(Rejection refusal, String coinId) implements Decoded {
    }

    static Decoded of(MarketRecord record) {
        return new Read(record);
    }

    static Decoded refused(ReasonCode code, String detail, String coinId) {
        return new Refused(new Rejection(code, detail), coinId);
    }
}
