package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.model.RawRecord;

import java.time.Instant;
import java.util.List;

/** Told of every successful poll, with its records in rank order, so that a stretch without one is noticed. */
@FunctionalInterface
public interface PollHistory {

    void succeeded(Instant polledAt, List<RawRecord> ranked);

    static PollHistory none() {
        return (polledAt, ranked) -> { };
    }
}
