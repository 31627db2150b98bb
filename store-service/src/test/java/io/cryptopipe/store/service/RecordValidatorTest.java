package io.cryptopipe.store.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordValidatorTest {

    private final RecordDecoder decoder = new RecordDecoder();
    private final RecordValidator validator = new RecordValidator();

    @Test
    void acceptsAContractRecord() {
        assertThat(validator.check(decoder.decode(json("\"coin_id\":\"bitcoin\"")).record())).isEmpty();
    }

    @Test
    void refusesAMissingIdentityWithTheContractsReason() {
        assertThat(validator.check(decoder.decode(json("\"coin_id\":null")).record()))
                .contains(new Refusal(Refusal.CONTRACT_VIOLATION, "coin_id is missing"));
        assertThat(validator.check(decoder.decode(json("\"coin_id\":\"bitcoin\"")
                .replace("\"timestamp\":\"2025-11-02T13:24:54.319Z\",", "")).record()))
                .contains(new Refusal(Refusal.CONTRACT_VIOLATION, "timestamp is missing"));
    }

    @Test
    void refusesABrokenContractRuleWithTheContractsReason() {
        assertThat(validator.check(decoder.decode(json("\"coin_id\":\"bitcoin\"")
                .replace("\"current_price\":110233", "\"current_price\":-1")).record()))
                .contains(new Refusal(Refusal.CONTRACT_VIOLATION, "current_price must not be negative, was -1.0"));
    }

    private static String json(String coinId) {
        return """
                {"schema_version":1,%s,"symbol":"btc","name":"Bitcoin",
                 "timestamp":"2025-11-02T13:24:54.319Z","fetched_at":"2025-11-02T13:25:00Z","source":"poll",
                 "current_price":110233}""".formatted(coinId);
    }
}
