package io.cryptopipe.aggregate.model;

import org.bson.Document;

import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.QUALITY;

/**
 * What the quality gate needs of one coin's daily document.
 *
 * @param marketCapRank {@code last_market_cap_rank}, the rank of the day's last observation; {@code null} if unranked
 * @param quality       its stored report; {@code null} if the document has none
 */
public record CoinDay(String coinId, Integer marketCapRank, CoinQuality quality) {

    /** From a stored daily document, or a projection of it holding at least these three fields. */
    public static CoinDay of(Document daily) {
        return new CoinDay(daily.getString(COIN_ID), daily.getInteger(LAST_MARKET_CAP_RANK),
                CoinQuality.fromDocument(daily.get(QUALITY, Document.class)));
    }
}
