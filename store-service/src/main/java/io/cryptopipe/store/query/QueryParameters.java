package io.cryptopipe.store.query;

import io.cryptopipe.store.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the query API's text parameters into checked values, refusing with {@link InvalidQueryException} anything
 * malformed, reversed or larger than the configured limits, before MongoDB is asked anything. Each parameter is read
 * exactly as the OpenAPI document states it (the public constants here are what the document is written from): no
 * whitespace trimmed, no other spelling of a number or a time taken; an empty value is the same as none.
 */
@ApplicationScoped
public class QueryParameters {

    /** CoinGecko ids: lowercase letters, digits and hyphens (every recorded id fits, the longest has 60). */
    public static final String COIN_ID_PATTERN = "[a-z0-9][a-z0-9-]{0,99}";
    private static final Pattern COIN_ID = Pattern.compile(COIN_ID_PATTERN);
    /** A whole number as JSON writes one: no sign but a minus, no leading zero, no spaces. */
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,9}");
    /** Longest {@code search} text, in characters (code points): longer than any symbol or name prefix anyone types. */
    public static final int MAX_SEARCH_LENGTH = 50;
    /** What a {@code search} text may not contain: control characters (Unicode's Cc, as Character.isISOControl). */
    public static final String SEARCH_PATTERN = "[^\\u0000-\\u001F\\u007F-\\u009F]*";
    private static final Pattern SEARCH = Pattern.compile(SEARCH_PATTERN);
    /** RFC 3339 {@code full-date}, OpenAPI's {@code date}: a four-digit year. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-').appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-').appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter(Locale.ROOT).withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);
    /**
     * RFC 3339 {@code date-time}, OpenAPI's {@code date-time}: seconds, an optional fraction of up to nine digits, and
     * {@code Z} or an offset of up to 23:59 (further than java.time's ±18:00, so read here); letters in either case.
     */
    private static final Pattern DATE_TIME = Pattern.compile("(.+[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)"
            + "(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DATE).appendLiteral('T').appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT).withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);
    static final Duration DEFAULT_PRICE_RANGE = Duration.ofHours(24);
    static final int DEFAULT_DAILY_DAYS = 30;

    private final QueryConfig config;
    private final Clock clock;

    QueryParameters(QueryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public String coinId(String id) {
        if (id == null || !COIN_ID.matcher(id).matches()) {
            throw new InvalidQueryException("invalid_coin_id",
                    "A coin id is 1 to 100 lowercase letters, digits or hyphens, like 'bitcoin' or 'usd-coin'");
        }
        return id;
    }

    /**
     * One page of {@code GET /api/coins}: {@code limit} (default {@code coins-page-size}, at most
     * {@code max-coins-page-size}), the previous page's {@code cursor}, {@code ids} (comma-separated, at most
     * {@code max-coins-page-size} of them) and {@code search} (a symbol or name prefix, any case).
     */
    public CoinsQuery coinsQuery(String limit, String cursor, String ids, String search) {
        int max = config.maxCoinsPageSize();
        int size = config.coinsPageSize();
        if (given(limit)) {
            // Ten digits may be beyond an int: read as a long, so that such a limit is refused like any other.
            long given = INTEGER.matcher(limit).matches() ? Long.parseLong(limit) : -1;
            if (given < 1 || given > max) {
                throw new InvalidQueryException("invalid_limit", "'limit' must be a whole number from 1 to " + max);
            }
            size = (int) given;
        }
        Optional<CoinsQuery.Position> after = Optional.empty();
        if (given(cursor)) {
            after = Optional.of(CoinCursor.decode(cursor).orElseThrow(() -> new InvalidQueryException(
                    "invalid_cursor", "'cursor' must be the next_cursor of a previous page, unchanged")));
        }
        return new CoinsQuery(size, after, idList(ids, max), searchText(search));
    }

    private List<String> idList(String ids, int max) {
        if (!given(ids)) {
            return List.of();
        }
        String[] listed = ids.split(",", -1);
        Set<String> unique = new LinkedHashSet<>();
        for (String id : listed) {
            unique.add(coinId(id));
        }
        if (listed.length > max) {
            throw new InvalidQueryException("invalid_filter", "'ids' names " + listed.length
                    + " coins, more than the limit of " + max + "; page through them in several requests");
        }
        return new ArrayList<>(unique);
    }

    private static Optional<String> searchText(String search) {
        if (!given(search)) {
            return Optional.empty();
        }
        if (search.codePointCount(0, search.length()) > MAX_SEARCH_LENGTH || !SEARCH.matcher(search).matches()) {
            throw new InvalidQueryException("invalid_filter", "'search' is a symbol or name prefix of at most "
                    + MAX_SEARCH_LENGTH + " characters, without control characters");
        }
        return Optional.of(search);
    }

    /** Absent and empty are the same: no value, the default applies. */
    private static boolean given(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * {@code [from, to)} as ISO-8601 instants, by default the 24 hours before {@code to} (itself by default now),
     * and the step: the given one if the range has at most {@code max-points} buckets of it, else refused; without
     * one, the finest that fits.
     */
    public PriceQuery priceQuery(String coinId, String from, String to, String step) {
        String id = coinId(coinId);
        Instant end = given(to) ? instant("to", to) : clock.instant();
        Instant start = given(from) ? instant("from", from) : end.minus(DEFAULT_PRICE_RANGE);
        if (!start.isBefore(end)) {
            throw new InvalidQueryException("invalid_range", "'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        long fromMillis = start.toEpochMilli();
        long toMillis = end.toEpochMilli();
        if (given(step)) {
            Step chosen = Step.parse(step).orElseThrow(() -> new InvalidQueryException("invalid_step",
                    "Unknown step '" + step + "'; use one of " + Step.labels()));
            long buckets = chosen.bucketsBetween(fromMillis, toMillis);
            if (buckets > config.maxPoints()) {
                throw new InvalidQueryException("range_too_large", "The range has " + buckets + " buckets of "
                        + chosen.label() + ", more than the limit of " + config.maxPoints()
                        + "; use a coarser step or a shorter range");
            }
            return new PriceQuery(id, start, end, chosen);
        }
        for (Step candidate : Step.values()) {
            if (candidate.bucketsBetween(fromMillis, toMillis) <= config.maxPoints()) {
                return new PriceQuery(id, start, end, candidate);
            }
        }
        Step coarsest = Step.values()[Step.values().length - 1];
        throw new InvalidQueryException("range_too_large", "The range is longer than " + config.maxPoints()
                + " buckets of " + coarsest.label() + "; ask for a shorter range");
    }

    /** Days {@code from..to} inclusive as {@code YYYY-MM-DD}, by default the 30 days up to today (UTC). */
    public DailyQuery dailyQuery(String coinId, String from, String to) {
        String id = coinId(coinId);
        LocalDate last = given(to) ? date("to", to) : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = given(from) ? date("from", from) : last.minusDays(DEFAULT_DAILY_DAYS - 1L);
        if (first.isAfter(last)) {
            throw new InvalidQueryException("invalid_range", "'from' (" + first + ") must not be after 'to' (" + last
                    + ")");
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > config.maxDays()) {
            throw new InvalidQueryException("range_too_large", "The range has " + days + " days, more than the limit of "
                    + config.maxDays());
        }
        return new DailyQuery(id, first, last);
    }

    private static Instant instant(String name, String value) {
        Matcher parts = DATE_TIME.matcher(value);
        try {
            if (parts.matches()) {
                Instant local = LocalDateTime.parse(parts.group(1), LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
                if (parts.group(2) == null) {
                    return local;
                }
                int hours = Integer.parseInt(parts.group(3));
                int minutes = Integer.parseInt(parts.group(4));
                if (hours <= 23 && minutes <= 59) {
                    long offset = (hours * 60L + minutes) * 60;
                    return local.minusSeconds("+".equals(parts.group(2)) ? offset : -offset);
                }
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new InvalidQueryException("invalid_time", "'" + name + "' must be an RFC 3339 date-time such as "
                + "2026-08-10T12:00:00Z");
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("invalid_date", "'" + name + "' must be a date such as 2026-08-10");
        }
    }

    public record PriceQuery(String coinId, Instant from, Instant to, Step step) {
    }

    public record DailyQuery(String coinId, LocalDate from, LocalDate to) {
    }
}
