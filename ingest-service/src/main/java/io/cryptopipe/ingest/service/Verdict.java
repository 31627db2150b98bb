package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.model.RawRecord;

/** What the validation made of one record CoinGecko sent: a record to publish, or a rejection to dead-letter. */
public sealed interface Verdict {

    RawRecord raw();

    record Accepted(RawRecord raw, MarketRecord record) implements Verdict {
    }

    record Rejected(RawRecord raw, Rejection rejection) implements Verdict {
    }
}
