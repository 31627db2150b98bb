package io.cryptopipe.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of the contract, broken on its own in an otherwise valid record, with the code and detail it is
 * refused with: the one rule set ingest-service applies to polled and backfilled records and store-service to what
 * it reads from the topic.
 */
class MarketRecordViolationTest {

    private static final MarketRecord VALID = new MarketRecord(1, "bitcoin", "btc", "Bitcoin",
            Instant.parse("2026-08-10T11:59:50Z"), Instant.parse("2026-08-10T12:00:30.500Z"), "poll", 118234.5,
            2352021849124d, 1, 41234567890d, 119001d, 116500.25, -512.75, -0.43, 19901234d);

    @Test
    void aValidRecordBreaksNoRule() {
        assertThat(VALID.violation()).isEmpty();
    }

    @Test
    void optionalNumbersAndTheRankMayBeNullAndAmountsZero() {
        MarketRecord sparse = new MarketRecord(1, "x", "x", "X", VALID.timestamp(), VALID.fetchedAt(), "backfill",
                0d, null, null, null, null, null, null, null, null);

        assertThat(sparse.violation()).isEmpty();
    }

    @Test
    void changesOverTwentyFourHoursMayBeNegative() {
        assertThat(with("priceChange24h", -99999.5).violation()).isEmpty();
        assertThat(with("priceChangePercentage24h", -87.5).violation()).isEmpty();
    }

    @Test
    void anotherSchemaVersionIsRefusedAsUnsupported() {
        assertRefused(with("schemaVersion", 2), ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "unsupported schema_version 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coinId", "symbol", "name", "timestamp", "fetchedAt", "currentPrice"})
    void aRequiredFieldThatIsNullIsMissing(String component) {
        assertRefused(with(component, null), ReasonCode.MISSING_FIELD, jsonName(component) + " is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coinId", "symbol", "name"})
    void aBlankIdentifyingTextIsMissingToo(String component) {
        assertRefused(with(component, " \t"), ReasonCode.MISSING_FIELD, jsonName(component) + " is blank");
        assertRefused(with(component, ""), ReasonCode.MISSING_FIELD, jsonName(component) + " is blank");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aRankBelowOneIsRefused(int rank) {
        assertRefused(with("marketCapRank", rank), ReasonCode.BAD_RANK,
                "market_cap_rank must be positive, was " + rank);
    }

    @ParameterizedTest
    @ValueSource(strings = {"currentPrice", "marketCap", "totalVolume", "high24h", "low24h", "circulatingSupply"})
    void aNegativeAmountIsRefused(String component) {
        assertRefused(with(component, -0.000001), ReasonCode.NEGATIVE,
                jsonName(component) + " must not be negative, was -1.0E-6");
        assertRefused(with(component, Double.NEGATIVE_INFINITY), ReasonCode.NOT_FINITE,
                jsonName(component) + " must be a finite number, was -Infinity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"currentPrice", "marketCap", "totalVolume", "high24h", "low24h", "circulatingSupply",
            "priceChange24h", "priceChangePercentage24h"})
    void aNumberThatIsNotFiniteIsRefused(String component) {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertRefused(with(component, value), ReasonCode.NOT_FINITE,
                    jsonName(component) + " must be a finite number, was " + value);
        }
    }

    @Test
    void theFirstBrokenRuleIsTheOneReported() {
        MarketRecord twiceBroken = new MarketRecord(1, null, "btc", "Bitcoin", VALID.timestamp(), VALID.fetchedAt(),
                "poll", -1d, null, 0, null, null, null, null, null, null);

        assertRefused(twiceBroken, ReasonCode.MISSING_FIELD, "coin_id is missing");
        assertRefused(with("symbol", null), ReasonCode.MISSING_FIELD, "symbol is missing");
        assertThat(new MarketRecord(1, "x", "x", "X", VALID.timestamp(), VALID.fetchedAt(), "poll", -1d, null, 0,
                null, null, null, null, null, null).violation()).map(Rejection::code).contains(ReasonCode.BAD_RANK);
    }

    @Test
    void theDetailNamesTheFieldAsTheProducersInputNamesIt() {
        Map<String, String> coinGecko = Map.of("coin_id", "id", "timestamp", "last_updated");

        assertThat(with("coinId", null).violation(f -> coinGecko.getOrDefault(f, f)))
                .contains(new Rejection(ReasonCode.MISSING_FIELD, "id is missing"));
        assertThat(with("timestamp", null).violation(f -> coinGecko.getOrDefault(f, f)))
                .contains(new Rejection(ReasonCode.MISSING_FIELD, "last_updated is missing"));
        assertThat(with("marketCap", -2d).violation(f -> coinGecko.getOrDefault(f, f)))
                .contains(new Rejection(ReasonCode.NEGATIVE, "market_cap must not be negative, was -2.0"));
    }

    @Test
    void aStoreDeadLetterReasonIsTheCodeThenTheDetail() {
        Rejection rejection = with("coinId", null).violation().orElseThrow();

        assertThat(rejection.codeAndDetail()).isEqualTo("missing_field: coin_id is missing");
        assertThat(rejection.as(ReasonCode.CONTRACT_VIOLATION).codeAndDetail())
                .isEqualTo("contract_violation: coin_id is missing");
    }

    private static void assertRefused(MarketRecord record, ReasonCode code, String detail) {
        assertThat(record.violation()).contains(new Rejection(code, detail));
    }

    /** The component's JSON name, as the record's {@code @JsonProperty} gives it. */
    private static String jsonName(String component) {
        try {
            return MarketRecord.class.getDeclaredField(component)
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(component, e);
        }
    }

    /** {@link #VALID} with one component replaced. */
    private static MarketRecord with(String component, Object value) {
        RecordComponent[] components = MarketRecord.class.getRecordComponents();
        assertThat(components).extracting(RecordComponent::getName).contains(component);
        try {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getName().equals(component)
                        ? value : components[i].getAccessor().invoke(VALID);
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return MarketRecord.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
