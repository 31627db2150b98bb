package io.cryptopipe.ingest.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.RecordedResponses;
import io.cryptopipe.ingest.client.MarketsResponseParser;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record of every real CoinGecko answer on the classpath passes validation, and its values reach the
 * MarketRecord unchanged.
 * <p>
 * None of the recorded records breaks a rule, so none is expected to be refused. Records that look wrong but
 * break no rule are accepted on purpose: the EUR-valued "usd" snapshot (2025-03-04; the currency cannot be seen
 * in a record), null high/low/changes of a coin without recent trades (janus-henderson, 2026-04-30), a null rank
 * with a 2.1e9 market cap (polygon-ecosystem-token, 2024-09-05), stale last_updated values, roi objects and the
 * extra *_in_currency fields.
 */
class CoinGeckoJsonReaderRecordedDataTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-08-10T12:00:00.123Z");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // An independent reading of the numbers: decimal text, rounded once to the nearest double by BigDecimal.
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Map<String, Function<MarketRecord, Double>> NUMBERS = Map.of(
            "current_price", MarketRecord::currentPrice,
            "market_cap", MarketRecord::marketCap,
            "total_volume", MarketRecord::totalVolume,
            "high_24h", MarketRecord::high24h,
            "low_24h", MarketRecord::low24h,
            "price_change_24h", MarketRecord::priceChange24h,
            "price_change_percentage_24h", MarketRecord::priceChangePercentage24h,
            "circulating_supply", MarketRecord::circulatingSupply);

    private final CoinGeckoJsonReader reader = new CoinGeckoJsonReader();
    private final MarketsResponseParser parser = new MarketsResponseParser(MAPPER);

    static Stream<String> recordedResponses() {
        List<String> markets = RecordedResponses.jsonFilesIn("coingecko/markets");
        List<String> replay = RecordedResponses.jsonFilesIn("coingecko/replay");
        // Guards against an empty or moved folder turning this into a test of nothing.
        assertThat(markets).hasSizeGreaterThanOrEqualTo(11);
        assertThat(replay).hasSize(48);
        return Stream.concat(markets.stream(), replay.stream());
    }

    @ParameterizedTest
    @MethodSource("recordedResponses")
    void everyRecordedRecordIsAcceptedWithItsValuesKeptExactly(String file) throws Exception {
        String body = RecordedResponses.read(file);
        List<RawRecord> records = parser.parse(200, "application/json", body);
        JsonNode expected = EXACT.readTree(body);
        assertThat(records).isNotEmpty().hasSize(expected.size());

        List<Verdict> verdicts = reader.readMarkets(records, FETCHED_AT);

        for (int i = 0; i < verdicts.size(); i++) {
            JsonNode source = expected.get(i);
            assertThat(verdicts.get(i)).as("%s record %d (%s)", file, i, source.path("id").asText())
                    .isInstanceOf(Verdict.Accepted.class);
            MarketRecord record = ((Verdict.Accepted) verdicts.get(i)).record();
            // The input kept as CoinGecko sent it, and the key the record is sent under.
            assertThat(EXACT.readTree(verdicts.get(i).raw().text())).isEqualTo(source);
            assertThat(verdicts.get(i).coinIdOrNull()).isEqualTo(source.get("id").asText());
            assertThat(record.schemaVersion()).isEqualTo(MarketRecord.SCHEMA_VERSION);
            assertThat(record.source()).isEqualTo(MarketRecord.SOURCE_POLL);
            assertThat(record.coinId()).isEqualTo(source.get("id").asText());
            assertThat(record.symbol()).isEqualTo(source.get("symbol").asText());
            assertThat(record.name()).isEqualTo(source.get("name").asText());
            assertThat(record.timestamp()).isEqualTo(Instant.parse(source.get("last_updated").asText()));
            assertThat(record.fetchedAt()).isEqualTo(FETCHED_AT);
            JsonNode rank = source.get("market_cap_rank");
            assertThat(record.marketCapRank()).isEqualTo(rank.isNull() ? null : rank.intValue());
            NUMBERS.forEach((field, getter) -> {
                JsonNode value = source.get(field);
                Double exact = value.isNull() ? null : value.decimalValue().doubleValue();
                assertThat(getter.apply(record)).as("%s of %s in %s", field, record.coinId(), file).isEqualTo(exact);
            });
        }
    }

    @Test
    void tinyPricesHugeSuppliesAndNullRanksSurviveTheMapping() {
        MarketRecord mog = recordOf("coingecko/replay/2026-08-10T2200Z.json", "mog-coin");
        assertThat(mog.currentPrice()).isEqualTo(1.01404e-07);

        MarketRecord sats = recordOf("coingecko/markets/markets-2024-03-15T0045Z-100.json", "sats-ordinals");
        assertThat(sats.currentPrice()).isEqualTo(6.36499e-07);
        assertThat(sats.circulatingSupply()).isEqualTo(2.1e15);
        assertThat(sats.marketCap()).isEqualTo(1_336_625_851d);

        MarketRecord pol = recordOf("coingecko/markets/markets-2024-09-05T0056Z-100.json", "polygon-ecosystem-token");
        assertThat(pol.marketCapRank()).isNull();
        assertThat(pol.marketCap()).isEqualTo(2_117_515_845d);
        assertThat(pol.timestamp()).isEqualTo(Instant.parse("2024-09-05T00:43:06.488Z"));
    }

    private MarketRecord recordOf(String file, String coinId) {
        return reader.readMarkets(parser.parse(200, "application/json", RecordedResponses.read(file)),
                        FETCHED_AT).stream()
                .filter(v -> coinId.equals(v.raw().coinIdOrNull()))
                .map(v -> ((Verdict.Accepted) v).record())
                .findFirst()
                .orElseThrow(() -> new AssertionError(coinId + " not in " + file));
    }
}
