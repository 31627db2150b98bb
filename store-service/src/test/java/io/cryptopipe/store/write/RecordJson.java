package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The record JSON both readers of the write path are tested on: the tree decoder and the one-pass reader. */
final class RecordJson {

    /** A record that meets the contract, with a nested field ({@code roi}) that is not the contract's. */
    static final String GOOD = """
            {"schema_version":1,"coin_id":"bitcoin","symbol":"btc","name":"Bitcoin",
             "timestamp":"2025-11-02T13:24:54.319Z","fetched_at":"2025-11-02T13:25:00Z","source":"poll",
             "current_price":110233,"market_cap":2200733039793,"market_cap_rank":1,"total_volume":33136655635,
             "high_24h":111130,"low_24h":109713,"price_change_24h":269.02,"price_change_percentage_24h":0.24464,
             "circulating_supply":19943440.0,"roi":{"times":1.5,"currency":["usd"]},"ath":126080}""";

    private RecordJson() {
    }

    /** {@link #GOOD} with the text {@code original} replaced by {@code replacement}. */
    record Change(String what, String original, String replacement) {

        String value() {
            String value = GOOD.replace(original, replacement);
            assertThat(value).as("the change applies").isNotEqualTo(GOOD);
            return value;
        }

        /** The field whose text the change replaces. */
        String field() {
            return original.substring(1, original.indexOf('"', 1));
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** A value that is not one JSON object, with the tag of the refusal the decoder gives it. */
    record NotAnObject(String value, String refusal) {
    }

    /** Fields of a type the contract does not allow. */
    static Stream<Change> wrongTypes() {
        return Stream.of(
                new Change("price as text", "\"current_price\":110233", "\"current_price\":\"110233\""),
                new Change("price as word", "\"current_price\":110233", "\"current_price\":\"abc\""),
                new Change("price as boolean", "\"current_price\":110233", "\"current_price\":true"),
                new Change("price as object", "\"current_price\":110233", "\"current_price\":{\"usd\":1}"),
                new Change("rank with decimals", "\"market_cap_rank\":1", "\"market_cap_rank\":1.5"),
                new Change("coin id as number", "\"coin_id\":\"bitcoin\"", "\"coin_id\":42"),
                new Change("schema version as text", "\"schema_version\":1", "\"schema_version\":\"1\""),
                new Change("time as a word", "\"timestamp\":\"2025-11-02T13:24:54.319Z\"",
                        "\"timestamp\":\"yesterday\""),
                new Change("time as number", "\"timestamp\":\"2025-11-02T13:24:54.319Z\"",
                        "\"timestamp\":1762089894"));
    }

    /** Truncated or followed by more text, or JSON but not an object. */
    static Stream<NotAnObject> notAnObject() {
        return Stream.concat(
                Stream.of("{\"coin_id\":\"bitcoin\",", "{\"a\":", "{\"coin_id\":\"bitcoin\"} x")
                        .map(value -> new NotAnObject(value, "malformed_json")),
                Stream.of("[1,2]", "\"bitcoin\"", "null").map(value -> new NotAnObject(value, "not_an_object")));
    }

    /** The record of a value the decoder read. */
    static MarketRecord read(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Read.class);
        return ((Decoded.Read) decoded).record();
    }
}
