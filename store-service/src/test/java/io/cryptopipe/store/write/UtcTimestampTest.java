package io.cryptopipe.store.write;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UtcTimestampTest {

    @Test
    void readsTheContractFormWithoutTheGeneralFormatter() {
        assertThat(UtcTimestamp.contractForm("2025-11-02T13:24:54.319Z"))
                .isEqualTo(Instant.parse("2025-11-02T13:24:54.319Z"));
        assertThat(UtcTimestamp.contractForm("2025-11-02T13:24:54Z")).isEqualTo(Instant.parse("2025-11-02T13:24:54Z"));
    }

    /** Every instant from year 0 to 9999 at every fraction width reads as Instant.parse reads it. */
    @Test
    void agreesWithInstantParseOnGeneratedTimes() {
        Random random = new Random(42);
        long maxSecond = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long minSecond = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 50_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(minSecond, maxSecond + 1), random.nextInt(1_000_000_000));
            String text = instant.toString();
            int digits = random.nextInt(10);
            String whole = text.substring(0, 19);
            String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
            String formed = whole + (digits == 0 ? "" : "." + fraction) + "Z";
            assertThat(UtcTimestamp.contractForm(formed)).as(formed).isEqualTo(Instant.parse(formed));
            assertThat(UtcTimestamp.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    /** Texts outside the fast form: the same instant or the same refusal as Instant.parse. */
    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
            "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z", "2016-12-31T23:59:60Z",
            "2025-01-01t00:00:00z", "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00.1234567890Z",
            "+12025-01-01T00:00:00Z", "2025-01-01T00:00:00+01:00", "2025-1-01T00:00:00Z", "2025-01-01T00:00:0xZ",
            "2025-01-01 00:00:00Z", "", "Z", "2025-01-01T00:00:00.-1Z", "2025-01-01T00:00:00,5Z"})
    void answersEveryOtherTextAsInstantParseDoes(String text) {
        Object expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeException e) {
            expected = DateTimeException.class;
        }
        Object actual;
        try {
            actual = UtcTimestamp.parse(text);
        } catch (DateTimeException e) {
            actual = DateTimeException.class;
        }
        assertThat(actual).isEqualTo(expected);
    }
}
