package io.cryptopipe.store.query;

import io.cryptopipe.store.query.CoinsQuery.Position;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cursor} of {@code GET /api/coins}: the last coin's place in the order, {@code c2:<rank>:<coin id>}, with
 * {@code u} for a coin without a rank. Clients treat it as opaque; it is plain text so that the OpenAPI document can
 * state exactly which cursors the service takes ({@link #PATTERN}), and the version prefix lets a later format be
 * told apart from this one.
 */
public final class CoinCursor {

    private static final String VERSION = "c2";
    private static final String UNRANKED = "u";
    /** Every cursor this service makes, and nothing else: a rank of up to 18 digits always fits a long. */
    public static final String PATTERN = VERSION + ":([0-9]{1,18}|" + UNRANKED + "):(" + QueryParameters.COIN_ID_PATTERN
            + ")";
    private static final Pattern FORMAT = Pattern.compile(PATTERN);

    private CoinCursor() {
    }

    public static String encode(Position position) {
        String rank = position.rankOrder() == Position.UNRANKED ? UNRANKED : String.valueOf(position.rankOrder());
        return VERSION + ":" + rank + ":" + position.coinId();
    }

    /** The position, or empty when the text is not a cursor this service made. */
    public static Optional<Position> decode(String cursor) {
        Matcher matcher = FORMAT.matcher(cursor);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long rank = UNRANKED.equals(matcher.group(1)) ? Position.UNRANKED : Long.parseLong(matcher.group(1));
        return Optional.of(new Position(rank, matcher.group(2)));
    }
}
