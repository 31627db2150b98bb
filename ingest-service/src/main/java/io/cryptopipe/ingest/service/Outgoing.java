package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;

/**
 * One send of a poll, to {@code market.raw} or to its dead-letter topic, and whether the broker has acknowledged
 * it. A poll keeps its unacknowledged sends across attempts, so a retry sends exactly those again.
 */
final class Outgoing {

    private final MarketRecord record;
    private final DeadLetter letter;
    private final String key;
    private volatile boolean acknowledged;

    private Outgoing(MarketRecord record, DeadLetter letter, String key) {
        this.record = record;
        this.letter = letter;
        this.key = key;
    }

    static Outgoing record(MarketRecord record) {
        return new Outgoing(record, null, record.coinId());
    }

    /** @param key the coin id, or null when the refused record names none */
    static Outgoing deadLetter(DeadLetter letter, String key) {
        return new Outgoing(null, letter, key);
    }

    /** The market record, or null for a dead letter. */
    MarketRecord record() {
        return record;
    }

    DeadLetter letter() {
        return letter;
    }

    String key() {
        return key;
    }

    boolean acknowledged() {
        return acknowledged;
    }

    void acknowledge() {
        acknowledged = true;
    }
}
