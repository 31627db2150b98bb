package io.cryptopipe.aggregate.model;

/**
 * What the quality gate needs of one coin's daily document.
 *
 * @param marketCapRank {@code last_market_cap_rank}, the rank of the day's last observation; {@code null} if unranked
 * @param quality       its stored report; {@code null} if the document has none
 */
public record CoinDay(String coinId, Integer marketCapRank, CoinQuality quality) {
}
