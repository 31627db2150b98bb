package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.store.write.RecordJson.Change;
import io.cryptopipe.store.write.RecordJson.NotAnObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;

import static io.cryptopipe.store.write.RecordJson.GOOD;
import static io.cryptopipe.store.write.RecordJson.read;
import static org.assertj.core.api.Assertions.assertThat;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder();

    @Test
    void decodesEveryFieldOfAContractRecordAndIgnoresExtraFields() {
        Decoded decoded = decoder.decode(GOOD);

        assertThat(decoded).isInstanceOf(Decoded.Read.class);
        MarketRecord r = read(decoded);
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
        assertThat(read(decoded).marketCapRank()).isNull();
        assertThat(read(decoded).high24h()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cryptopipe.store.write.RecordJson#notAnObject")
    void refusesValuesThatAreNotAJsonObject(NotAnObject value) {
        assertThat(refusal(decoder.decode(value.value())).code().tag()).isEqualTo(value.refusal());
    }

    @Test
    void refusesAnEmptyValue() {
        assertThat(refusal(decoder.decode(null)).code()).isEqualTo(ReasonCode.EMPTY_VALUE);
        assertThat(refusal(decoder.decode("  ")).code()).isEqualTo(ReasonCode.EMPTY_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cryptopipe.store.write.RecordJson#wrongTypes")
    void refusesFieldsOfTheWrongTypeNamingTheField(Change change) {
        Decoded decoded = decoder.decode(change.value());

        assertThat(decoded).isInstanceOf(Decoded.Refused.class);
        assertThat(refusal(decoded).code()).isEqualTo(ReasonCode.WRONG_TYPE);
        assertThat(refusal(decoded).detail()).startsWith(change.field() + ": ").doesNotContain("CoercionConfig");
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

    private static Rejection refusal(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Refused.class);
        return ((Decoded.Refused) decoded).refusal();
    }
}
