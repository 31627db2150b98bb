package io.cryptopipe.ingest.client;

import java.time.Instant;

/** The call budget did not allow a CoinGecko call, so it was not made. */
public class CallRefusedException extends RuntimeException {

    private final transient Instant until;

    public CallRefusedException(CallBudget.Refusal refusal) {
        super("CoinGecko call not made: " + refusal.reason() + " until " + refusal.until());
        this.until = refusal.until();
    }

    /** The earliest time the budget allows a call again. */
    public Instant until() {
        return until;
    }
}
