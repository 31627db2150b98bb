package io.cryptopipe.store.model;

import java.time.Instant;

/**
 * The observations of one coin within one bucket {@code [t, t + step)}.
 *
 * @param count how many observations the bucket holds
 */
public record PricePoint(Instant t, double avg, double min, double max, int count) {
}
