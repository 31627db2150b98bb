package io.cryptopipe.ingest.service;

/** A refused record's reason: a code for metrics and a sentence (naming the field) for the dead letter. */
public record Rejection(RejectionCode code, String reason) {
}
