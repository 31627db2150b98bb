package io.cryptopipe.ingest.model;

import java.time.Instant;

/**
 * A stretch without observations of one coin, as the day's quality report lists it: {@code from} and {@code to} are
 * the observations on either side (or the day's bounds), so only the points strictly between them are missing.
 */
public record Hole(String coinId, Instant from, Instant to) {

    public Hole {
        if (coinId == null || coinId.isBlank() || from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("a hole needs a coin and a time range, was " + coinId + " " + from
                    + ".." + to);
        }
    }

    @Override
    public String toString() {
        return coinId + " " + from + ".." + to;
    }
}
