package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.client.MarketsResponseParser;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hand-made bad record per way a CoinGecko record can fail to be read, next to the valid record it was made
 * from, and the contract's rules as CoinGecko's fields name them. Each rule itself, with its code, is covered once,
 * in market-contract's {@code MarketRecordViolationTest}.
 */
class CoinGeckoJsonReaderRulesTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-08-10T12:00:30.500Z");
    private static final String VALID = """
            {"id":"bitcoin","symbol":"btc","name":"Bitcoin","image":"https://example.invalid/btc.png",
             "current_price":118234.5,"market_cap":2352021849124,"market_cap_rank":1,
             "fully_diluted_valuation":2352021849124,"total_volume":41234567890,"high_24h":119001,
             "low_24h":116500.25,"price_change_24h":-512.75,"price_change_percentage_24h":-0.43,
             "market_cap_change_24h":-1.0e10,"circulating_supply":19901234.0,"total_supply":19901234.0,
             "max_supply":21000000.0,"ath":123000,"roi":null,"last_updated":"2026-08-10T11:59:50.000Z"}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private final MarketsResponseParser parser = new MarketsResponseParser(mapper);
    private final CoinGeckoJsonReader reader = new CoinGeckoJsonReader();

    @Test
    void aCompleteRecordBecomesAMarketRecordWithTheSameValues() {
        MarketRecord record = accepted(VALID);

        assertThat(record).isEqualTo(new MarketRecord(1, "bitcoin", "btc", "Bitcoin",
                Instant.parse("2026-08-10T11:59:50Z"), FETCHED_AT, "poll", 118234.5, 2352021849124d, 1,
                41234567890d, 119001d, 116500.25, -512.75, -0.43, 19901234d));
    }

    @Test
    void optionalNumbersMayBeNullOrAbsent() {
        MarketRecord record = accepted("""
                {"id":"x","symbol":"x","name":"X","current_price":0,"last_updated":"2026-08-10T11:59:50Z",
                 "market_cap":null,"market_cap_rank":null,"high_24h":null,"price_change_24h":null}""");

        assertThat(record.currentPrice()).isZero();
        assertThat(record.marketCap()).isNull();
        assertThat(record.marketCapRank()).isNull();
        assertThat(record.totalVolume()).isNull();
        assertThat(record.high24h()).isNull();
        assertThat(record.priceChange24h()).isNull();
    }

    @Test
    void unknownFieldsAndRoiObjectsAreIgnoredWhateverTheirType() {
        MarketRecord record = accepted(with(node -> {
            node.putObject("roi").put("times", 12.5).put("currency", "usd").put("percentage", 1250);
            node.put("price_change_percentage_24h_in_currency", "not looked at");
            node.put("ath", true);
        }));

        assertThat(record.coinId()).isEqualTo("bitcoin");
    }

    @Test
    void aTimestampWithAnOffsetIsTakenAsTheSameInstantInUtc() {
        MarketRecord record = accepted(with(node -> node.put("last_updated", "2026-08-10T13:59:50.250+02:00")));

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-08-10T11:59:50.250Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "symbol", "name", "current_price", "last_updated"})
    void aRecordWithoutARequiredFieldIsRefused(String field) {
        assertRefused(with(node -> node.remove(field)), ReasonCode.MISSING_FIELD, field + " is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "symbol", "name", "current_price", "last_updated"})
    void aRequiredFieldThatIsNullIsRefused(String field) {
        assertRefused(with(node -> node.putNull(field)), ReasonCode.MISSING_FIELD, field + " is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "symbol", "name", "last_updated"})
    void aBlankIdentifyingTextIsRefused(String field) {
        assertRefused(with(node -> node.put(field, "  ")), ReasonCode.MISSING_FIELD, field + " is blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1.5"})
    void aPriceSentAsAStringIsRefusedNotParsed(String text) {
        assertRefused(with(node -> node.put("current_price", text)), ReasonCode.WRONG_TYPE,
                "current_price must be a number, was string \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void aSignedChangeSentAsANonFiniteStringIsRefused(String text) {
        assertRefused(with(node -> node.put("price_change_percentage_24h", text)), ReasonCode.WRONG_TYPE,
                "price_change_percentage_24h must be a number");
    }

    @Test
    void aPriceSentAsABooleanIsRefusedNotCoerced() {
        assertRefused(with(node -> node.put("current_price", true)), ReasonCode.WRONG_TYPE,
                "current_price must be a number, was boolean true");
    }

    @Test
    void aNumberSentAsAnObjectOrArrayIsRefused() {
        assertRefused(with(node -> node.putObject("market_cap")), ReasonCode.WRONG_TYPE,
                "market_cap must be a number, was object");
        assertRefused(with(node -> node.putArray("total_volume").add(1)), ReasonCode.WRONG_TYPE,
                "total_volume must be a number, was array");
    }

    @Test
    void anIdSentAsANumberIsRefused() {
        assertRefused(with(node -> node.put("id", 1)), ReasonCode.WRONG_TYPE, "id must be a string, was number 1");
    }

    @Test
    void aNumberTooLargeForADoubleIsRefusedAsNotFinite() {
        assertRefused(VALID.replace("\"market_cap\":2352021849124", "\"market_cap\":1e400"),
                ReasonCode.NOT_FINITE, "market_cap must be a finite number");
        assertRefused(VALID.replace("\"price_change_24h\":-512.75", "\"price_change_24h\":-" + "9".repeat(400)),
                ReasonCode.NOT_FINITE, "price_change_24h must be a finite number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-08-10 11:59:50", "2026-08-10T11:59:50", "2026-08-10", "1723291190",
            "yesterday", "2026-13-10T11:59:50Z"})
    void aLastUpdatedThatIsNotAnIsoDateTimeWithOffsetIsRefused(String text) {
        assertRefused(with(node -> node.put("last_updated", text)), ReasonCode.BAD_TIMESTAMP,
                "last_updated must be an ISO-8601 date-time with offset, was \"" + text + "\"");
    }

    @Test
    void aLastUpdatedSentAsEpochMillisIsRefused() {
        assertRefused(with(node -> node.put("last_updated", 1_723_291_190_000L)), ReasonCode.WRONG_TYPE,
                "last_updated must be a string, was number 1723291190000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.0", "3000000000"})
    void aRankThatIsNotAWholeIntIsRefused(String rank) {
        assertRefused(VALID.replace("\"market_cap_rank\":1", "\"market_cap_rank\":" + rank),
                ReasonCode.BAD_RANK, "market_cap_rank must be a positive integer, was number " + rank);
    }

    @Test
    void aRankSentAsAStringIsRefused() {
        assertRefused(with(node -> node.put("market_cap_rank", "1")), ReasonCode.WRONG_TYPE,
                "market_cap_rank must be a number, was string \"1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"bitcoin\"", "null", "[]", "true"})
    void anArrayElementThatIsNotAnObjectIsRefused(String element) {
        assertRefused(element, ReasonCode.NOT_AN_OBJECT, "record is not a JSON object but ");
    }

    @Test
    void theSecondRecordWithAnIdAlreadyInTheResponseIsRefusedAndTheFirstKept() {
        String second = with(node -> node.put("current_price", 1.0));
        List<Verdict> verdicts = validateAll("[" + VALID + "," + second + "]");

        assertThat(verdicts.get(0)).isInstanceOf(Verdict.Accepted.class);
        assertThat(((Verdict.Accepted) verdicts.get(0)).record().currentPrice()).isEqualTo(118234.5);
        assertThat(verdicts.get(1)).isInstanceOfSatisfying(Verdict.Rejected.class, rejected -> {
            assertThat(rejected.rejection())
                    .isEqualTo(new Rejection(ReasonCode.DUPLICATE_ID, "duplicate id in response"));
            assertThat(rejected.raw().text()).isEqualTo(second);
        });
    }

    @Test
    void twoCoinsSharingASymbolAreBothAcceptedSinceOnlyTheIdIdentifiesACoin() {
        String other = with(node -> node.put("id", "bitcoin-wrapped-clone").put("name", "Clone"));
        List<Verdict> verdicts = validateAll("[" + VALID + "," + other + "]");

        assertThat(verdicts).allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Accepted.class));
        assertThat(verdicts).extracting(v -> ((Verdict.Accepted) v).record().symbol()).containsOnly(
                ((Verdict.Accepted) verdicts.get(0)).record().symbol());
    }

    @Test
    void anIdClaimedByARefusedRecordStillMakesALaterOneADuplicate() {
        String first = with(node -> node.put("current_price", "oops"));
        List<Verdict> verdicts = validateAll("[" + first + "," + VALID + "]");

        assertThat(verdicts).allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Rejected.class));
        assertThat(((Verdict.Rejected) verdicts.get(1)).rejection().code()).isEqualTo(ReasonCode.DUPLICATE_ID);
    }

    @Test
    void theRefusedRecordKeepsItsTextExactlyAsSent() {
        String sent = "{ \"id\" : \"odd\",\n  \"current_price\": \"1e-8\" }";
        Verdict verdict = validateAll("[" + VALID + ",\n" + sent + "  ]").get(1);

        assertThat(verdict.raw().text()).isEqualTo(sent);
    }

    private MarketRecord accepted(String json) {
        Verdict verdict = validateAll("[" + json + "]").get(0);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) verdict).record();
    }

    private void assertRefused(String json, ReasonCode code, String reasonStart) {
        Verdict verdict = validateAll("[" + json + "]").get(0);
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class, rejected -> {
            assertThat(rejected.rejection().code()).isEqualTo(code);
            assertThat(rejected.rejection().detail()).startsWith(reasonStart);
        });
    }

    private List<Verdict> validateAll(String body) {
        List<RawRecord> records = parser.parse(200, "application/json", body);
        return reader.readMarkets(records, FETCHED_AT);
    }

    private String with(Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(VALID);
            change.accept(node);
            return mapper.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
