package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecordDecoderTest {

    private static final String GOOD = """
            {"schema_version":1,"coin_id":"bitcoin","symbol":"btc","name":"Bitcoin",
             "timestamp":"2025-11-02T13:24:54.319Z","fetched_at":"2025-11-02T13:25:00Z","source":"poll",
             "current_price":110233,"market_cap":2200733039793,"market_cap_rank":1,"total_volume":33136655635,
             "high_24h":111130,"low_24h":109713,"price_change_24h":269.02,"price_change_percentage_24h":0.24464,
             "circulating_supply":19943440.0,"roi":null,"ath":126080}""";

    private final RecordDecoder decoder = new RecordDecoder();

    @Test
    void decodesEveryFieldOfAContractRecordAndIgnoresExtraFields() {
        Decoded decoded = decoder.decode(GOOD);

        assertThat(decoded).isInstanceOf(Decoded.Read.class);
        MarketRecord r = record(decoded);
        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.coinId()).isEqualTo("bitcoin");
        assertThat(r.symbol()).isEqualTo("btc");
        assertThat(r.name()).isEqualTo("Bitcoin");
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2025-11-02T13:24:54.319Z"));
        assertThat(r.fetchedAt()).isEqualTo(Instant.parse("2025-11-02T13:25:00Z"));
        assertThat(r.source()).isEqualTo("poll");
        assertThat(r.currentPrice()).isEqualTo(110233.0);
        assertThat(r.marketCap()).isEqualTo(2200733039793.0);
        assertThat(r.marketCapRank()).isEqualTo(1);
        assertThat(r.totalVolume()).isEqualTo(33136655635.0);
        assertThat(r.high24h()).isEqualTo(111130.0);
        assertThat(r.low24h()).isEqualTo(109713.0);
        assertThat(r.priceChange24h()).isEqualTo(269.02);
        assertThat(r.priceChangePercentage24h()).isEqualTo(0.24464);
        assertThat(r.circulatingSupply()).isEqualTo(19943440.0);
        assertThat(decoded.coinId()).isEqualTo("bitcoin");
    }

    @Test
    void keepsNullNumbersAsNull() {
        Decoded decoded = decoder.decode(GOOD.replace("\"market_cap_rank\":1", "\"market_cap_rank\":null")
                .replace("\"high_24h\":111130", "\"high_24h\":null"));

        assertThat(decoded).isInstanceOf(Decoded.Read.class);
        assertThat(record(decoded).marketCapRank()).isNull();
        assertThat(record(decoded).high24h()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated JSON | {\"coin_id\":\"bitcoin\", | malformed_json",
            "trailing garbage | {\"coin_id\":\"bitcoin\"} x | malformed_json",
            "array instead of object | [1,2] | not_an_object",
            "bare string | \"bitcoin\" | not_an_object",
            "JSON null | null | not_an_object"})
    void refusesValuesThatAreNotAJsonObject(String what, String value, String code) {
        assertThat(refusal(decoder.decode(value)).code().tag()).isEqualTo(code);
    }

    @Test
    void refusesAnEmptyValue() {
        assertThat(refusal(decoder.decode(null)).code()).isEqualTo(ReasonCode.EMPTY_VALUE);
        assertThat(refusal(decoder.decode("  ")).code()).isEqualTo(ReasonCode.EMPTY_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "price as text | \"current_price\":110233 | \"current_price\":\"110233\" | current_price",
            "price as word | \"current_price\":110233 | \"current_price\":\"abc\" | current_price",
            "price as boolean | \"current_price\":110233 | \"current_price\":true | current_price",
            "price as object | \"current_price\":110233 | \"current_price\":{\"usd\":1} | current_price",
            "rank with decimals | \"market_cap_rank\":1 | \"market_cap_rank\":1.5 | market_cap_rank",
            "coin id as number | \"coin_id\":\"bitcoin\" | \"coin_id\":42 | coin_id",
            "schema version as text | \"schema_version\":1 | \"schema_version\":\"1\" | schema_version",
            "time as a word | \"timestamp\":\"2025-11-02T13:24:54.319Z\" | \"timestamp\":\"yesterday\" | timestamp",
            "timestamp as number | \"timestamp\":\"2025-11-02T13:24:54.319Z\" | \"timestamp\":1762089894 | timestamp"})
    void refusesFieldsOfTheWrongTypeNamingTheField(String what, String original, String replacement, String field) {
        Decoded decoded = decoder.decode(GOOD.replace(original, replacement));

        assertThat(decoded).isInstanceOf(Decoded.Refused.class);
        assertThat(refusal(decoded).code()).isEqualTo(ReasonCode.WRONG_TYPE);
        assertThat(refusal(decoded).detail()).startsWith(field + ": ").doesNotContain("CoercionConfig");
    }

    @Test
    void refusesAnUnknownSchemaVersionBeforeJudgingItsFields() {
        Decoded decoded = decoder.decode(GOOD.replace("\"schema_version\":1", "\"schema_version\":2")
                .replace("\"current_price\":110233", "\"current_price\":{\"usd\":110233}"));

        assertThat(refusal(decoded)).isEqualTo(
                new Rejection(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "unsupported schema_version 2"));
        assertThat(decoded.coinId()).isEqualTo("bitcoin");
    }

    @Test
    void refusesAMissingSchemaVersionAsUnsupported() {
        assertThat(refusal(decoder.decode(GOOD.replace("\"schema_version\":1,", "")))).isEqualTo(
                new Rejection(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "schema_version is missing"));
        assertThat(refusal(decoder.decode(GOOD.replace("\"schema_version\":1", "\"schema_version\":null"))))
                .isEqualTo(new Rejection(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "schema_version is missing"));
    }

    @Test
    void keepsTheCoinIdOfARefusedRecordWhenItCanBeRead() {
        Decoded decoded = decoder.decode(GOOD.replace("\"current_price\":110233", "\"current_price\":\"abc\""));

        assertThat(decoded.coinId()).isEqualTo("bitcoin");
    }

    private static MarketRecord record(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Read.class);
        return ((Decoded.Read) decoded).record();
    }

    private static Rejection refusal(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Refused.class);
        return ((Decoded.Refused) decoded).refusal();
    }
}
