package io.cryptopipe.aggregate.model;

import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Date;

import static io.cryptopipe.contract.DailyFields.COIN_ID;

/**
 * A stretch of a day without any point of a coin, {@code [from, to)}: from its last point (or 00:00Z) to its next
 * point (or the next 00:00Z). What ingest's {@code repair-day} fetches again.
 */
public record Hole(String coinId, Instant from, Instant to) {

    public static final String FROM = "from";
    public static final String TO = "to";
    /** By coin, then by start. */
    public static final Comparator<Hole> ORDER = Comparator.comparing(Hole::coinId).thenComparing(Hole::from);

    /** The hole of a coin without any point on the day. */
    public static Hole wholeDay(String coinId, LocalDate day) {
        return new Hole(coinId, day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public Document toDocument() {
        return new Document(COIN_ID, coinId).append(FROM, Date.from(from)).append(TO, Date.from(to));
    }

    /** {@code coin from..to}, for a log line. */
    public String describe() {
        return coinId + " " + from + ".." + to;
    }
}
