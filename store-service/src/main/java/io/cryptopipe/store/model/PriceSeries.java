package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A coin's prices over {@code [from, to)}, one point per non-empty bucket of {@code step}, oldest first; a bucket
 * without observations has no point, so gaps stay visible.
 */
public record PriceSeries(
        @JsonProperty("coin_id") String coinId,
        Instant from,
        Instant to,
        String step,
        List<PricePoint> points) {
}
