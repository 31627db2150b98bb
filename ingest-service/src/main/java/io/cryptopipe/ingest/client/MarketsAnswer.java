package io.cryptopipe.ingest.client;

import io.cryptopipe.ingest.model.RawRecord;

import java.time.Instant;
import java.util.List;

/** The records of one {@code /coins/markets} answer and when it arrived (their {@code fetched_at}). */
public record MarketsAnswer(Instant fetchedAt, List<RawRecord> records) {
}
