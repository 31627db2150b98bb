package io.cryptopipe.aggregate.model;

import org.bson.Document;

import static io.cryptopipe.contract.DailyFields.DATA_POINTS;

/**
 * One stored daily document as a run reads it back: what the quality gate needs of it, and the whole document for
 * its {@code market.daily} event.
 *
 * @param dataPoints the raw observations it was computed from
 * @param stored     the stored document without {@code _id}, in its stored field order
 */
public record DailyDocument(CoinDay coin, int dataPoints, Document stored) {

    public static DailyDocument of(Document stored) {
        return new DailyDocument(CoinDay.of(stored), stored.get(DATA_POINTS, Number.class).intValue(), stored);
    }

    public String coinId() {
        return coin.coinId();
    }
}
