package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

import static io.cryptopipe.aggregate.model.CoinQuality.ORDERING_OK;
import static io.cryptopipe.aggregate.model.CoinQuality.PRICES_POSITIVE;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.average;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;
import static io.cryptopipe.aggregate.repository.pipeline.Expressions.orNull;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.CAP;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.CAPS;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.CAP_SUM;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.FIRST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.LAST;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.NAME_OF;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICE;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICES;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.PRICE_SUM;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.RANK;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.SYMBOL_OF;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.TIME;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.VOLUME;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.VOLUMES;
import static io.cryptopipe.aggregate.repository.pipeline.SlotFold.VOLUME_SUM;
import static io.cryptopipe.contract.DailyFields.AVG_MARKET_CAP;
import static io.cryptopipe.contract.DailyFields.AVG_PRICE;
import static io.cryptopipe.contract.DailyFields.AVG_TOTAL_VOLUME;
import static io.cryptopipe.contract.DailyFields.CLOSE_PRICE;
import static io.cryptopipe.contract.DailyFields.COIN_ID;
import static io.cryptopipe.contract.DailyFields.DATA_POINTS;
import static io.cryptopipe.contract.DailyFields.DATE;
import static io.cryptopipe.contract.DailyFields.FIRST_TIMESTAMP;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP;
import static io.cryptopipe.contract.DailyFields.LAST_MARKET_CAP_RANK;
import static io.cryptopipe.contract.DailyFields.LAST_TIMESTAMP;
import static io.cryptopipe.contract.DailyFields.LAST_TOTAL_VOLUME;
import static io.cryptopipe.contract.DailyFields.MAX_PRICE;
import static io.cryptopipe.contract.DailyFields.MIN_PRICE;
import static io.cryptopipe.contract.DailyFields.NAME;
import static io.cryptopipe.contract.DailyFields.OPEN_PRICE;
import static io.cryptopipe.contract.DailyFields.QUALITY;
import static io.cryptopipe.contract.DailyFields.SYMBOL;
import static io.cryptopipe.contract.DailyFields.TWAP;
import static io.cryptopipe.contract.DailyFields.TWAP_SECONDS;

/**
 * Turns each coin's folded day into its daily document, complete: the statistics in the stored field order, and the
 * {@code quality} sub-document with its coverage and price checks, so that the {@code $merge} writes it once.
 */
final class DailyDocumentShape {

    private DailyDocumentShape() {
    }

    static Bson stage(DayWindow day) {
        Document quality = Coverage.figures(day)
                .append(ORDERING_OK, PriceChecks.orderingOk())
                .append(PRICES_POSITIVE, PriceChecks.pricesPositive());
        // _id is dropped: $merge matches on (coin_id, date), and a replacement must not change the stored _id
        // (MongoDB rejects that), so a re-run keeps each document's _id.
        return Aggregates.project(Projections.fields(
                Projections.excludeId(),
                Projections.computed(COIN_ID, "$_id"),
                Projections.computed(DATE, new Document("$literal", day.day().toString())),
                Projections.computed(SYMBOL, orNull(LAST + "." + SYMBOL_OF)),
                Projections.computed(NAME, orNull(LAST + "." + NAME_OF)),
                Projections.computed(AVG_PRICE, average(PRICE_SUM, PRICES)),
                Projections.computed(MIN_PRICE, orNull(MIN_PRICE)),
                Projections.computed(MAX_PRICE, orNull(MAX_PRICE)),
                Projections.computed(OPEN_PRICE, orNull(FIRST + "." + PRICE)),
                Projections.computed(CLOSE_PRICE, orNull(LAST + "." + PRICE)),
                Projections.computed(DATA_POINTS, field(DATA_POINTS)),
                Projections.computed(FIRST_TIMESTAMP, field(FIRST + "." + TIME)),
                Projections.computed(LAST_TIMESTAMP, field(LAST + "." + TIME)),
                Projections.computed(AVG_TOTAL_VOLUME, average(VOLUME_SUM, VOLUMES)),
                Projections.computed(LAST_TOTAL_VOLUME, orNull(LAST + "." + VOLUME)),
                Projections.computed(AVG_MARKET_CAP, average(CAP_SUM, CAPS)),
                Projections.computed(LAST_MARKET_CAP, orNull(LAST + "." + CAP)),
                Projections.computed(LAST_MARKET_CAP_RANK, orNull(LAST + "." + RANK)),
                Projections.computed(TWAP, average(HoldWalk.sum(Holds.WEIGHTED), HoldWalk.sum(Holds.PRICED_MILLIS))),
                Projections.computed(TWAP_SECONDS, new Document("$toInt", new Document("$floor", new Document("$divide",
                        List.of(field(HoldWalk.sum(Holds.PRICED_MILLIS)), 1000))))),
                Projections.computed(QUALITY, quality)));
    }
}
