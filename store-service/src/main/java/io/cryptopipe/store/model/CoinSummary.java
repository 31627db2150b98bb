package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The latest stored observation of one coin.
 */
public record CoinSummary(
        @JsonProperty("coin_id") String coinId,
        String symbol,
        String name,
        @JsonProperty("market_cap_rank") Integer marketCapRank,
        @JsonProperty("current_price") Double currentPrice,
        @JsonProperty("price_change_24h") Double priceChange24h,
        @JsonProperty("price_change_percentage_24h") Double priceChangePercentage24h,
        @JsonProperty("market_cap") Double marketCap,
        @JsonProperty("total_volume") Double totalVolume,
        @JsonProperty("observed_at") Instant observedAt) {
}
