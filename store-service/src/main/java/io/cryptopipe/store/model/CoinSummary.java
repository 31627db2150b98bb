package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptopipe.contract.RawFields;

import java.time.Instant;

/**
 * The latest stored observation of one coin, its fields named as in the raw record.
 */
public record CoinSummary(
        @JsonProperty(RawFields.COIN_ID) String coinId,
        String symbol,
        String name,
        @JsonProperty(RawFields.MARKET_CAP_RANK) Integer marketCapRank,
        @JsonProperty(RawFields.CURRENT_PRICE) Double currentPrice,
        @JsonProperty(RawFields.PRICE_CHANGE_24H) Double priceChange24h,
        @JsonProperty(RawFields.PRICE_CHANGE_PERCENTAGE_24H) Double priceChangePercentage24h,
        @JsonProperty(RawFields.MARKET_CAP) Double marketCap,
        @JsonProperty(RawFields.TOTAL_VOLUME) Double totalVolume,
        @JsonProperty("observed_at") Instant observedAt) {
}
