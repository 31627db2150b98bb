package io.cryptopipe.ingest.service;

import java.time.Instant;

/** Whether this instance is the one that polls CoinGecko now; replicas that do not hold it stay idle. */
public interface PollerLease {

    /** Takes or renews the lease when it can; true when this instance holds it at {@code now}. */
    boolean holds(Instant now);
}
