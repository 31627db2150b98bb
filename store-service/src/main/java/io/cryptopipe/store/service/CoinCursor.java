package io.cryptopipe.store.service;

import io.cryptopipe.store.service.CoinsQuery.Position;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cursor} of {@code GET /api/coins}: the last coin's place in the order, as URL-safe text. Clients treat
 * it as opaque; the version prefix lets a later format be told apart from this one.
 */
public final class CoinCursor {

    private static final String VERSION = "c1";
    private static final Pattern FORMAT = Pattern.compile(VERSION + ":(-?\\d{1,19}):([a-z0-9][a-z0-9-]{0,99})");

    private CoinCursor() {
    }

    public static String encode(Position position) {
        String plain = VERSION + ":" + position.rankOrder() + ":" + position.coinId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or empty when the text is not a cursor this service made. */
    public static Optional<Position> decode(String cursor) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(plain);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Position(Long.parseLong(matcher.group(1)), matcher.group(2)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }
}
