package io.cryptopipe.store.write;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the contract's time form, {@code 2025-11-02T13:24:54.319Z} (UTC, seconds, up to nine fraction digits), as
 * {@link Instant#parse} does, digit by digit: {@code Instant.parse} goes through a general formatter (a map of
 * fields, then resolving them), which was a third of the CPU spent reading a record. Any other text, including
 * every valid ISO-8601 form this fast path does not cover (lowercase letters, leap seconds, other years' widths),
 * goes to {@code Instant.parse} itself, so both give the same answer for every text.
 */
final class UtcTimestamp {

    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
            10, 1};

    private UtcTimestamp() {
    }

    /** @throws java.time.format.DateTimeParseException as {@link Instant#parse} does */
    static Instant parse(String text) {
        Instant fast = contractForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or null when the text is not exactly {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with valid fields. */
    static Instant contractForm(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            int fraction = s.charAt(19) == '.' ? digits(s, 20, fractionDigits) : -1;
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_DIGIT[fractionDigits - 1];
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code length} ASCII digits at {@code start}, or -1 when one is not a digit. */
    private static int digits(String s, int start, int length) {
        int value = 0;
        for (int i = start; i < start + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
