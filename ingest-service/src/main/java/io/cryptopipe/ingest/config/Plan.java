package io.cryptopipe.ingest.config;

import java.util.Optional;

/** A CoinGecko API plan: which header carries the key, and how far back history goes. */
public enum Plan {

    /** Keyless public API. */
    PUBLIC(null, 365),
    /** Free demo key on the public host. */
    DEMO("x-cg-demo-api-key", 365),
    /** Paid plans, on their own host. */
    PRO("x-cg-pro-api-key", Integer.MAX_VALUE);

    private final String keyHeader;
    private final int historyDays;

    Plan(String keyHeader, int historyDays) {
        this.keyHeader = keyHeader;
        this.historyDays = historyDays;
    }

    /** The request header that carries the key; empty for the keyless plan. */
    public Optional<String> keyHeader() {
        return Optional.ofNullable(keyHeader);
    }

    /** How many days back the historical endpoints answer on this plan. */
    public int historyDays() {
        return historyDays;
    }

    public boolean needsKey() {
        return keyHeader != null;
    }
}
