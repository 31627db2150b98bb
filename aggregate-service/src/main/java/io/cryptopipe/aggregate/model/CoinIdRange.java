package io.cryptopipe.aggregate.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A range of {@code coin_id} values, {@code [from, until)}, that one run of the daily pipeline covers. The ranges
 * {@link #covering} makes leave no string out, so a coin stored after the ranges were made still falls in one.
 *
 * @param from  first coin id of the range (inclusive); {@code ""} for the first range, which starts at every string
 * @param until coin id where the next range starts (exclusive); {@code null} for the last range, which has no end
 */
public record CoinIdRange(String from, String until) {

    /**
     * How MongoDB orders strings without a collation: by their UTF-8 bytes, unsigned (Java's {@code compareTo}
     * orders UTF-16 units, which differs beyond U+FFFF).
     */
    public static final Comparator<String> MONGODB_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The one range that holds every coin id. */
    public static final CoinIdRange ALL = new CoinIdRange("", null);

    public CoinIdRange {
        if (from == null) {
            throw new IllegalArgumentException("a coin id range needs a start");
        }
        if (until != null && MONGODB_ORDER.compare(until, from) <= 0) {
            throw new IllegalArgumentException("empty coin id range [" + from + ", " + until + ")");
        }
    }

    /**
     * Consecutive ranges of at most {@code coinsPerRange} of the given coins each, which together hold every string.
     *
     * @param sortedCoinIds distinct coin ids in {@link #MONGODB_ORDER}
     */
    public static List<CoinIdRange> covering(List<String> sortedCoinIds, int coinsPerRange) {
        if (coinsPerRange < 1) {
            throw new IllegalArgumentException("coins per range must be at least 1, was " + coinsPerRange);
        }
        List<CoinIdRange> ranges = new ArrayList<>();
        String from = "";
        for (int next = coinsPerRange; next < sortedCoinIds.size(); next += coinsPerRange) {
            String until = sortedCoinIds.get(next);
            ranges.add(new CoinIdRange(from, until));
            from = until;
        }
        ranges.add(new CoinIdRange(from, null));
        return ranges;
    }
}
