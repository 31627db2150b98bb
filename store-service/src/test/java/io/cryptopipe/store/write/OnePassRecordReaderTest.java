package io.cryptopipe.store.write;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.store.write.RecordJson.Change;
import io.cryptopipe.store.write.RecordJson.NotAnObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static io.cryptopipe.store.write.RecordJson.GOOD;
import static io.cryptopipe.store.write.RecordJson.read;
import static org.assertj.core.api.Assertions.assertThat;

class OnePassRecordReaderTest {

    private final RecordDecoder decoder = new RecordDecoder();
    private final OnePassRecordReader reader = new OnePassRecordReader(StrictJson.mapper());

    @Test
    void readsAContractRecordInOnePassAsTheTreePathDoes() {
        Optional<MarketRecord> read = reader.read(GOOD);

        assertThat(read).isPresent();
        assertThat(read.get()).isEqualTo(read(decoder.decodeByTree(GOOD)));
        assertThat(read.get().timestamp()).isEqualTo(Instant.parse("2025-11-02T13:24:54.319Z"));
        assertThat(read.get().currentPrice()).isEqualTo(110233.0);
    }

    @Test
    void readsMissingAndNullFieldsAsNull() {
        String value = GOOD.replace("\"market_cap_rank\":1", "\"market_cap_rank\":null")
                .replace("\"high_24h\":111130,", "").replace("\"symbol\":\"btc\"", "\"symbol\":null");

        assertThat(reader.read(value)).contains(read(decoder.decodeByTree(value)));
        assertThat(reader.read(value).get().high24h()).isNull();
        assertThat(reader.read(value).get().symbol()).isNull();
    }

    /** Each of these the tree path refuses or reads in a way of its own: the one-pass reader leaves it alone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("otherForms")
    void leavesEveryOtherValueToTheTreePath(Change change) {
        assertThat(reader.read(change.value())).isEmpty();
    }

    static Stream<Change> otherForms() {
        String timestamp = "\"timestamp\":\"2025-11-02T13:24:54.319Z\"";
        return Stream.concat(RecordJson.wrongTypes(), Stream.of(
                new Change("rank beyond an int", "\"market_cap_rank\":1", "\"market_cap_rank\":4294967296"),
                new Change("other schema version", "\"schema_version\":1", "\"schema_version\":2"),
                new Change("no schema version", "\"schema_version\":1,", ""),
                new Change("null schema version", "\"schema_version\":1", "\"schema_version\":null"),
                new Change("time with an offset", timestamp, "\"timestamp\":\"2025-11-02T14:24:54+01:00\""),
                new Change("time as digits", timestamp, "\"timestamp\":\"1762089894\""),
                new Change("field given twice", "\"source\":\"poll\"",
                        "\"source\":\"poll\",\"source\":\"backfill\""),
                new Change("trailing garbage", "\"ath\":126080}", "\"ath\":126080} x"),
                new Change("malformed inside an unknown field", "\"ath\":126080", "\"ath\":[1,")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cryptopipe.store.write.RecordJson#notAnObject")
    void leavesWhatIsNotAnObjectToTheTreePath(NotAnObject value) {
        assertThat(reader.read(value.value())).isEmpty();
    }

    /**
     * Generated records with numbers of every form JSON allows (integers, decimals, exponents, huge and tiny,
     * negative zero), nulls, absent and unknown fields, in any order: whatever the one-pass reader accepts is
     * exactly what the tree path makes of it.
     */
    @Test
    void acceptsNothingTheTreePathWouldReadDifferently() {
        Random random = new Random(20261201);
        int readInOnePass = 0;
        for (int i = 0; i < 5_000; i++) {
            String value = generated(random);
            Optional<MarketRecord> onePass = reader.read(value);
            Decoded byTree = decoder.decodeByTree(value);
            if (onePass.isPresent()) {
                readInOnePass++;
                assertThat(byTree).as(value).isInstanceOf(Decoded.Read.class);
                assertThat(onePass.get()).as(value).isEqualTo(read(byTree));
            }
            assertThat(decoder.decode(value)).as(value).isEqualTo(byTree);
        }
        // Most generated records are the common case, so the comparison above is not vacuous.
        assertThat(readInOnePass).isGreaterThan(2_500);
    }

    /** The decoder's number parser gives the JDK's double for every number text. */
    @Test
    void readsEveryNumberAsTheJdkDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String number = number(random);
            Optional<MarketRecord> read = reader.read(GOOD.replace("269.02", number));
            assertThat(read).as(number).isPresent();
            assertThat(read.get().priceChange24h()).as(number)
                    .isEqualTo("null".equals(number) ? null : Double.valueOf(Double.parseDouble(number)));
        }
    }

    private static String generated(Random random) {
        List<String> fields = new ArrayList<>();
        fields.add("\"schema_version\":1");
        fields.add("\"coin_id\":\"coin-" + random.nextInt(20_000) + "\"");
        fields.add("\"symbol\":" + (random.nextInt(20) == 0 ? "null" : "\"s\\u00e9" + random.nextInt(99) + "\""));
        fields.add("\"name\":\"Coin \\\"" + random.nextInt(99) + "\\\"\"");
        fields.add("\"timestamp\":\"" + Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)) + "\"");
        fields.add("\"fetched_at\":\"" + Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L)) + "\"");
        fields.add("\"source\":\"poll\"");
        fields.add("\"market_cap_rank\":" + switch (random.nextInt(4)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextInt(1, Integer.MAX_VALUE));
            default -> String.valueOf(random.nextInt(1, 20_000));
        });
        for (String name : List.of("current_price", "market_cap", "total_volume", "high_24h", "low_24h",
                "price_change_24h", "price_change_percentage_24h", "circulating_supply")) {
            if (random.nextInt(15) != 0) {
                fields.add("\"" + name + "\":" + number(random));
            }
        }
        if (random.nextBoolean()) {
            fields.add("\"roi\":" + (random.nextBoolean() ? "null" : "{\"times\":" + number(random) + "}"));
        }
        Collections.shuffle(fields, random);
        return "{" + String.join(random.nextBoolean() ? "," : " ,\n ", fields) + "}";
    }

    private static String number(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> String.valueOf(random.nextInt(1_000_000));
            case 3 -> String.format(Locale.ROOT, "%.8f", random.nextDouble() * 1e6);
            case 4 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(-12, 18)));
            case 5 -> String.format(Locale.ROOT, "%de%d", random.nextInt(1, 999), random.nextInt(-320, 320));
            case 6 -> "123456789012345678901234567890";
            case 7 -> "-0.0";
            default -> String.valueOf(random.nextGaussian() * 100);
        };
    }
}
