package io.cryptopipe.ingest.model;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.Rejection;

import java.time.Instant;

/**
 * What the reading of CoinGecko's JSON made of one record it sent: a record to publish, or a rejection to
 * dead-letter. Either way it knows the input it came from, when that was fetched and the coin it is about, which is
 * all the record sink needs to send it.
 */
public sealed interface Verdict {

    RawRecord raw();

    /** When the input was fetched from CoinGecko. */
    Instant fetchedAt();

    /** The coin the input is about: the Kafka key; null when a refused input names none. */
    String coinIdOrNull();

    record Accepted(RawRecord raw, MarketRecord record) implements Verdict {

        @Override
        public Instant fetchedAt() {
            return record.fetchedAt();
        }

        @Override
        public String coinIdOrNull() {
            return record.coinId();
        }
    }

    /** @param coinIdOrNull the coin the refused input is about, or null when it names none */
    record Rejected(RawRecord raw, Rejection rejection, String coinIdOrNull, Instant fetchedAt) implements Verdict {
    }
}
