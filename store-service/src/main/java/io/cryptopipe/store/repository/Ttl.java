package io.cryptopipe.store.repository;

import org.bson.Document;

import java.time.Duration;

/**
 * The expiry of a TTL index ({@code expireAfterSeconds}), or none: a plain index, whose documents are kept forever.
 */
public record Ttl(long seconds) {

    /** MongoDB refuses {@code expireAfterSeconds} above a 32-bit integer (about 68 years). */
    public static final long MAX_SECONDS = Integer.MAX_VALUE;

    private static final long NONE = -1;

    public Ttl {
        if (seconds != NONE && (seconds < 0 || seconds > MAX_SECONDS)) {
            throw new IllegalArgumentException("a TTL must be between 0 and " + MAX_SECONDS + " s (about "
                    + Duration.ofSeconds(MAX_SECONDS).toDays() + " days), got " + seconds + " s");
        }
    }

    public static Ttl none() {
        return new Ttl(NONE);
    }

    /** The TTL that keeps observations for {@code retention}; zero or negative keeps them forever. */
    public static Ttl ofRetention(Duration retention) {
        return retention.isZero() || retention.isNegative() ? none() : new Ttl(retention.toSeconds());
    }

    /** The TTL of an index as {@code listIndexes} reports it (an int, a long or, from old servers, a double). */
    public static Ttl of(Document index) {
        Object value = index.get("expireAfterSeconds");
        return value instanceof Number number ? new Ttl(number.longValue()) : none();
    }

    public boolean isSet() {
        return seconds != NONE;
    }

    /** How an operator writes it as {@code store.retention} ({@code 0}: no TTL). */
    public String asSetting() {
        return isSet() ? seconds + "s" : "0";
    }

    @Override
    public String toString() {
        return isSet() ? seconds + " s (" + Duration.ofSeconds(seconds).toDays() + " days)" : "no TTL (kept forever)";
    }
}
