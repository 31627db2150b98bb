package io.cryptopipe.store.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * The observations of one coin within one bucket {@code [t, t + step)} as a candle: the prices of its first and last
 * point, its highest, lowest and average price, and how many of its points there are and how many of them were
 * repaired (read from CoinGecko's history afterwards rather than polled).
 *
 * @param count how many points the bucket holds, observed and repaired
 */
public record PricePoint(
        Instant t,
        @Schema(description = "Price of the bucket's first point") double open,
        @Schema(description = "Highest price in the bucket") double high,
        @Schema(description = "Lowest price in the bucket") double low,
        @Schema(description = "Price of the bucket's last point") double close,
        @Schema(description = "Mean price of the bucket's points") double avg,
        @Schema(description = "Points in the bucket, observed and repaired") int count,
        @Schema(description = "Points of the bucket that were repaired (source `repair` or `backfill`: read from "
                + "CoinGecko's history after a hole) rather than observed by a poll; 0 to `count`", minimum = "0")
        int repaired) {
}
