package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawField;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.client.JsonFieldReader.Refusal;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.cryptopipe.ingest.client.JsonFieldReader.describe;
import static io.cryptopipe.ingest.client.JsonFieldReader.refuse;

/**
 * Reads what CoinGecko answered (a {@code /coins/markets} record of a poll, or a point of a
 * {@code market_chart/range}) into a {@link MarketRecord} or a rejection to dead-letter, walking the contract's field
 * table ({@link RawField}): CoinGecko's names are the table's {@link RawField#marketsName()}. Values are taken as
 * CoinGecko typed them, a price sent as a string or a boolean is refused, never coerced, because a feed that changes
 * its types has changed its meaning too; fields the contract does not carry ({@code roi}, {@code ath}, extra fields)
 * are not looked at. Whether the record is acceptable is the contract's ({@link MarketRecord#violation}), the same
 * rules the store applies.
 */
@ApplicationScoped
public class CoinGeckoJsonReader {

    /** Every code this reader refuses with: a metric series for each exists from start-up. */
    public static final Set<ReasonCode> REASONS = EnumSet.of(ReasonCode.NOT_AN_OBJECT, ReasonCode.MISSING_FIELD,
            ReasonCode.WRONG_TYPE, ReasonCode.NOT_FINITE, ReasonCode.NEGATIVE, ReasonCode.BAD_TIMESTAMP,
            ReasonCode.BAD_RANK, ReasonCode.DUPLICATE_ID);

    static final String DUPLICATE_ID = "duplicate id in response";

    // A dead letter carries the CoinGecko record: its reason names the field as that record does.
    private static final UnaryOperator<String> MARKETS_NAME = field -> RawField.named(field)
            .flatMap(RawField::marketsName).orElse(field);
    private static final List<RawField> MARKETS_FIELDS = JsonFieldReader.READ_ORDER.stream()
            .filter(field -> field.marketsName().isPresent()).toList();

    /**
     * Reads the records of one {@code /coins/markets} answer in order. The first record carrying an id claims it: a
     * later record with the same id is refused even when the first was refused too, since neither can be trusted as
     * the coin's state.
     */
    public List<Verdict> readMarkets(List<RawRecord> records, Instant fetchedAt) {
        List<Verdict> verdicts = new ArrayList<>(records.size());
        Set<String> seenIds = new HashSet<>();
        for (RawRecord raw : records) {
            Verdict verdict = readMarketsRecord(raw, fetchedAt);
            String id = raw.coinIdOrNull();
            if (id != null && !seenIds.add(id) && verdict instanceof Verdict.Accepted) {
                verdict = new Verdict.Rejected(raw, new Rejection(ReasonCode.DUPLICATE_ID, DUPLICATE_ID), id,
                        fetchedAt);
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    /** Reads one {@code /coins/markets} record on its own (no duplicate check). Never throws. */
    public Verdict readMarketsRecord(RawRecord raw, Instant fetchedAt) {
        try {
            return judged(raw, raw.coinIdOrNull(), marketsRecord(raw.json(), fetchedAt), MARKETS_NAME);
        } catch (Refusal refusal) {
            return new Verdict.Rejected(raw, refusal.rejection(), raw.coinIdOrNull(), fetchedAt);
        }
    }

    /**
     * Reads the points {@code [epoch millis, price]} of one {@code market_chart/range} answer observed in
     * {@code [from, until)}, as records of source {@code source}: symbol and name from {@code coin} (the coin's
     * {@code /coins/markets} record), market cap and volume from the answer's series at the same time, the fields
     * the endpoint lacks null. Points outside the range are left out, as another range asks for them; a point
     * whose time cannot be read is judged here, since no other range would. Never throws.
     */
    public List<Verdict> readChart(RawRecord coin, JsonNode chart, Instant from, Instant until, String source,
            Instant fetchedAt) {
        Map<Long, JsonNode> caps = series(chart.path("market_caps"));
        Map<Long, JsonNode> volumes = series(chart.path("total_volumes"));
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode point : chart.path("prices")) {
            JsonNode time = point.path(0);
            if (time.isIntegralNumber() && time.canConvertToLong()) {
                Instant at = Instant.ofEpochMilli(time.longValue());
                if (at.isBefore(from) || !at.isBefore(until)) {
                    continue;
                }
            }
            RawRecord raw = new RawRecord(point, point.toString());
            try {
                MarketRecord record = chartRecord(coin, point, caps, volumes, source, fetchedAt);
                verdicts.add(judged(raw, coin.coinIdOrNull(), record, UnaryOperator.identity()));
            } catch (Refusal refusal) {
                verdicts.add(new Verdict.Rejected(raw, refusal.rejection(), coin.coinIdOrNull(), fetchedAt));
            }
        }
        return verdicts;
    }

    private static Verdict judged(RawRecord raw, String coinId, MarketRecord record, UnaryOperator<String> inputName) {
        return record.violation(inputName)
                .<Verdict>map(rejection -> new Verdict.Rejected(raw, rejection, coinId, record.fetchedAt()))
                .orElseGet(() -> new Verdict.Accepted(raw, record));
    }

    private static MarketRecord marketsRecord(JsonNode json, Instant fetchedAt) throws Refusal {
        if (json == null || !json.isObject()) {
            throw refuse(ReasonCode.NOT_AN_OBJECT, "record is not a JSON object but " + describe(json));
        }
        Map<RawField, JsonNode> inputs = new EnumMap<>(RawField.class);
        for (RawField field : MARKETS_FIELDS) {
            inputs.put(field, json.get(field.marketsName().orElseThrow()));
        }
        Map<RawField, Object> values = JsonFieldReader.read(inputs, field -> field.marketsName().orElseThrow());
        values.put(RawField.FETCHED_AT, fetchedAt);
        values.put(RawField.SOURCE, MarketRecord.SOURCE_POLL);
        return MarketRecord.of(values::get);
    }

    private static MarketRecord chartRecord(RawRecord coin, JsonNode point, Map<Long, JsonNode> caps,
            Map<Long, JsonNode> volumes, String source, Instant fetchedAt) throws Refusal {
        if (!point.isArray()) {
            throw refuse(ReasonCode.WRONG_TYPE, "a price point must be an array [time, price], was "
                    + describe(point));
        }
        JsonNode time = point.get(0);
        Instant at = null;
        Long millis = null;
        if (time != null && !time.isNull()) {
            if (!time.isNumber()) {
                throw refuse(ReasonCode.WRONG_TYPE, "timestamp must be a number of epoch milliseconds, was "
                        + describe(time));
            }
            if (!time.isIntegralNumber() || !time.canConvertToLong()) {
                throw refuse(ReasonCode.BAD_TIMESTAMP, "timestamp must be whole epoch milliseconds, was "
                        + describe(time));
            }
            millis = time.longValue();
            at = Instant.ofEpochMilli(millis);
        }
        Map<RawField, JsonNode> inputs = new EnumMap<>(RawField.class);
        inputs.put(RawField.SYMBOL, coin.json().get(RawField.SYMBOL.marketsName().orElseThrow()));
        inputs.put(RawField.NAME, coin.json().get(RawField.NAME.marketsName().orElseThrow()));
        inputs.put(RawField.CURRENT_PRICE, point.get(1));
        inputs.put(RawField.MARKET_CAP, caps.get(millis));
        inputs.put(RawField.TOTAL_VOLUME, volumes.get(millis));
        Map<RawField, Object> values = JsonFieldReader.read(inputs, RawField::fieldName);
        values.put(RawField.COIN_ID, coin.coinIdOrNull());
        values.put(RawField.TIMESTAMP, at);
        values.put(RawField.FETCHED_AT, fetchedAt);
        values.put(RawField.SOURCE, source);
        return MarketRecord.of(values::get);
    }

    // Market caps and volumes are matched to a price by time; an entry whose time cannot be read matches none
    // (the prices are the records, these only add to them).
    private static Map<Long, JsonNode> series(JsonNode points) {
        Map<Long, JsonNode> values = new HashMap<>();
        for (JsonNode point : points) {
            JsonNode time = point.path(0);
            if (time.isIntegralNumber() && time.canConvertToLong()) {
                values.put(time.longValue(), point.path(1));
            }
        }
        return values;
    }
}
