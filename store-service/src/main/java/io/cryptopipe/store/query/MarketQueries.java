package io.cryptopipe.store.query;

import io.cryptopipe.contract.DailyFields;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.store.model.CoinPage;
import io.cryptopipe.store.model.CoinSummary;
import io.cryptopipe.store.model.DailyCandle;
import io.cryptopipe.store.model.PricePoint;
import io.cryptopipe.store.model.PriceSeries;
import io.cryptopipe.store.repository.MarketQueryRepository;
import io.cryptopipe.store.query.QueryParameters.DailyQuery;
import io.cryptopipe.store.query.QueryParameters.PriceQuery;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the query API from the stored documents: pages of the latest observation per coin, downsampled price
 * series and daily candles. Ids and ranges arrive already checked by {@link QueryParameters}.
 */
@ApplicationScoped
public class MarketQueries {

    private final MarketQueryRepository repository;

    MarketQueries(MarketQueryRepository repository) {
        this.repository = repository;
    }

    /**
     * One page of the latest observation per coin, by rank with unranked coins last and ties by id, and the cursor
     * of the next page when there is one. The position is a place in that order, not an offset, so a page never
     * repeats or skips a coin because others were stored meanwhile; a coin whose own rank changes between two page
     * requests moves with its rank.
     */
    public CoinPage coins(CoinsQuery query) {
        List<Document> docs = repository.latestPage(query);
        List<Document> page = docs.subList(0, Math.min(query.limit(), docs.size()));
        String next = null;
        if (docs.size() > query.limit()) {
            Document last = page.get(page.size() - 1);
            next = CoinCursor.encode(new CoinsQuery.Position(
                    ((Number) last.get(MarketQueryRepository.RANK_ORDER)).longValue(),
                    last.getString(RawFields.COIN_ID)));
        }
        return new CoinPage(page.stream().map(MarketQueries::summary).toList(), next);
    }

    /** @throws UnknownCoinException when nothing of the coin is stored at all (an empty range is not an error) */
    public PriceSeries prices(PriceQuery query) {
        List<PricePoint> points = repository.priceBuckets(query.coinId(), query.from(), query.to(), query.step());
        if (points.isEmpty() && !repository.coinExists(query.coinId())) {
            throw new UnknownCoinException(query.coinId());
        }
        return new PriceSeries(query.coinId(), query.from(), query.to(), query.step().label(), points);
    }

    /** @throws UnknownCoinException when no observation of the coin is stored */
    public List<DailyCandle> daily(DailyQuery query) {
        List<Document> days = repository.daily(query.coinId(), query.from().toString(), query.to().toString());
        if (days.isEmpty() && !repository.coinExists(query.coinId())) {
            throw new UnknownCoinException(query.coinId());
        }
        return days.stream().map(MarketQueries::candle).toList();
    }

    private static CoinSummary summary(Document doc) {
        Number rank = doc.get(RawFields.MARKET_CAP_RANK, Number.class);
        return new CoinSummary(doc.getString(RawFields.COIN_ID), doc.getString(RawFields.SYMBOL),
                doc.getString(RawFields.NAME), rank == null ? null : rank.intValue(),
                number(doc, RawFields.CURRENT_PRICE), number(doc, RawFields.PRICE_CHANGE_24H),
                number(doc, RawFields.PRICE_CHANGE_PERCENTAGE_24H), number(doc, RawFields.MARKET_CAP),
                number(doc, RawFields.TOTAL_VOLUME), instant(doc, RawFields.TIMESTAMP));
    }

    private static DailyCandle candle(Document doc) {
        Number points = doc.get(DailyFields.DATA_POINTS, Number.class);
        Double twapSeconds = number(doc, DailyCandle.TWAP_SECONDS);
        // Written by the daily job, possibly by a newer version than this service knows: shown as stored.
        Object quality = doc.get(DailyFields.QUALITY);
        return new DailyCandle(doc.getString(DailyFields.DATE), number(doc, DailyFields.OPEN_PRICE),
                number(doc, DailyFields.MAX_PRICE), number(doc, DailyFields.MIN_PRICE),
                number(doc, DailyFields.CLOSE_PRICE), number(doc, DailyFields.AVG_PRICE),
                points == null ? null : points.intValue(), instant(doc, DailyFields.FIRST_TIMESTAMP),
                instant(doc, DailyFields.LAST_TIMESTAMP), number(doc, DailyCandle.TWAP),
                twapSeconds == null ? null : twapSeconds.intValue(),
                quality instanceof Document q ? DailyCandle.quality(plain(q)) : null);
    }

    /** Nested documents as plain maps and dates as instants, so that JSON shows them as the API's other fields. */
    private static Map<String, Object> plain(Document doc) {
        Map<String, Object> map = new LinkedHashMap<>();
        doc.forEach((key, value) -> map.put(key, plainValue(value)));
        return map;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Document d) {
            return plain(d);
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MarketQueries::plainValue).toList();
        }
        if (value instanceof org.bson.types.ObjectId id) {
            return id.toHexString();
        }
        return value;
    }

    private static Double number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Instant instant(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Date d ? d.toInstant() : null;
    }
}
