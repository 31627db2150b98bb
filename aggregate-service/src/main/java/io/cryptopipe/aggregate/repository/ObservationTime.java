package io.cryptopipe.aggregate.repository;

/** One raw observation reduced to what the gaps and coverage need. */
record ObservationTime(String coinId, long epochMillis) {
}
