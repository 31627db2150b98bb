package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The points of a backfill's {@code market_chart/range} answer: read as CoinGecko typed them and judged by the same
 * contract rules as a polled record, so that every point of the range is either a record or a rejection.
 */
class CoinGeckoJsonReaderChartTest {

    private static final Instant FROM = Instant.parse("2026-08-10T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-08-11T00:00:00Z");
    private static final Instant FETCHED_AT = Instant.parse("2026-08-12T09:00:00.250Z");
    private static final long T1 = FROM.plusSeconds(3600).toEpochMilli();
    private static final long T2 = FROM.plusSeconds(7200).toEpochMilli();

    private final ObjectMapper mapper = new ObjectMapper();
    private final CoinGeckoJsonReader reader = new CoinGeckoJsonReader();
    private final RawRecord bitcoin = raw("{\"id\":\"bitcoin\",\"symbol\":\"btc\",\"name\":\"Bitcoin\"}");

    @Test
    void aPointOfTheRangeBecomesARecordWithTheCapAndVolumeOfItsTime() {
        List<Verdict> verdicts = validate("""
                {"prices":[[%d,64861.5],[%d,64900]],"market_caps":[[%d,1.3e12],[%d,1.4e12]],
                 "total_volumes":[[%d,2.5e10]]}""".formatted(T1, T2, T2, T1, T1));

        assertThat(verdicts).hasSize(2).allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Accepted.class));
        assertThat(((Verdict.Accepted) verdicts.get(0)).record()).isEqualTo(new MarketRecord(1, "bitcoin", "btc",
                "Bitcoin", Instant.ofEpochMilli(T1), FETCHED_AT, MarketRecord.SOURCE_BACKFILL, 64861.5, 1.4e12, null, 2.5e10,
                null, null, null, null, null));
        assertThat(((Verdict.Accepted) verdicts.get(1)).record().totalVolume()).isNull();
    }

    @Test
    void pointsOutsideTheRangeAreLeftToTheRangeThatAskedForThem() {
        long before = FROM.toEpochMilli() - 1;
        long after = UNTIL.toEpochMilli();

        List<Verdict> verdicts = validate("""
                {"prices":[[%d,1],[%d,2],[%d,-3],[%d,4]]}""".formatted(before, FROM.toEpochMilli(), after, T1));

        assertThat(verdicts).extracting(v -> ((Verdict.Accepted) v).record().currentPrice()).containsExactly(2d, 4d);
    }

    @Test
    void aPointThatBreaksAContractRuleIsRefusedWithTheRulesCodeAndDetail() {
        List<Verdict> verdicts = validate("""
                {"prices":[[%d,-1.5],[%d,null],[%d]],"market_caps":[[%d,-7]]}""".formatted(T1, T2, T2, T2));

        assertThat(rejections(verdicts)).containsExactly(
                new Rejection(ReasonCode.NEGATIVE, "current_price must not be negative, was -1.5"),
                new Rejection(ReasonCode.MISSING_FIELD, "current_price is missing"),
                new Rejection(ReasonCode.MISSING_FIELD, "current_price is missing"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNotCoercedOrDropped() {
        List<Verdict> verdicts = validate("""
                {"prices":[[%d,"64861.5"],[%d,true],[%d,5]],"market_caps":[[%d,"1.3e12"]]}"""
                .formatted(T1, T1, T2, T2));

        assertThat(rejections(verdicts)).containsExactly(
                new Rejection(ReasonCode.WRONG_TYPE, "current_price must be a number, was string \"64861.5\""),
                new Rejection(ReasonCode.WRONG_TYPE, "current_price must be a number, was boolean true"),
                new Rejection(ReasonCode.WRONG_TYPE, "market_cap must be a number, was string \"1.3e12\""));
    }

    @Test
    void aPointWhoseTimeCannotBeReadIsRefusedRatherThanSkipped() {
        List<Verdict> verdicts = validate("""
                {"prices":[["%d",1],[1.7232911905E12,1],[null,1],[],{"t":%d},7]}""".formatted(T1, T1));

        assertThat(rejections(verdicts)).containsExactly(
                new Rejection(ReasonCode.WRONG_TYPE,
                        "timestamp must be a number of epoch milliseconds, was string \"" + T1 + "\""),
                new Rejection(ReasonCode.BAD_TIMESTAMP,
                        "timestamp must be whole epoch milliseconds, was number 1.7232911905E12"),
                new Rejection(ReasonCode.MISSING_FIELD, "timestamp is missing"),
                new Rejection(ReasonCode.MISSING_FIELD, "timestamp is missing"),
                new Rejection(ReasonCode.WRONG_TYPE, "a price point must be an array [time, price], was object"),
                new Rejection(ReasonCode.WRONG_TYPE, "a price point must be an array [time, price], was number 7"));
        assertThat(verdicts).extracting(v -> v.raw().text()).containsExactly("[\"" + T1 + "\",1]",
                "[1.7232911905E12,1]", "[null,1]", "[]", "{\"t\":" + T1 + "}", "7");
    }

    @Test
    void aCoinWithoutASymbolOrNameRefusesEveryPoint() {
        RawRecord nameless = raw("{\"id\":\"bitcoin\",\"symbol\":\"btc\",\"name\":\" \"}");

        List<Verdict> verdicts = reader.readChart(nameless, json("{\"prices\":[[%d,1],[%d,2]]}"
                .formatted(T1, T2)), FROM, UNTIL, MarketRecord.SOURCE_BACKFILL, FETCHED_AT);

        assertThat(rejections(verdicts)).containsOnly(new Rejection(ReasonCode.MISSING_FIELD, "name is blank"))
                .hasSize(2);
    }

    private List<Verdict> validate(String chart) {
        return reader.readChart(bitcoin, json(chart), FROM, UNTIL, MarketRecord.SOURCE_BACKFILL, FETCHED_AT);
    }

    private static List<Rejection> rejections(List<Verdict> verdicts) {
        assertThat(verdicts).allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Rejected.class));
        return verdicts.stream().map(v -> ((Verdict.Rejected) v).rejection()).toList();
    }

    private RawRecord raw(String text) {
        return new RawRecord(json(text), text);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
