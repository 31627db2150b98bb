package io.cryptopipe.store.service;

import io.cryptopipe.store.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the query API's text parameters into checked values, refusing with {@link InvalidQueryException} anything
 * malformed, reversed or larger than the configured limits, before MongoDB is asked anything.
 */
@ApplicationScoped
public class QueryParameters {

    /** CoinGecko ids: lowercase letters, digits and hyphens (every recorded id fits, the longest has 60). */
    private static final Pattern COIN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    static final Duration DEFAULT_PRICE_RANGE = Duration.ofHours(24);
    static final int DEFAULT_DAILY_DAYS = 30;
    /** Longest {@code search} text: longer than any recorded symbol or name prefix anyone types. */
    static final int MAX_SEARCH_LENGTH = 50;

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
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > max) {
                throw new InvalidQueryException("invalid_limit", "'limit' must be a whole number from 1 to " + max);
            }
        }
        Optional<CoinsQuery.Position> after = Optional.empty();
        if (cursor != null && !cursor.isBlank()) {
            after = Optional.of(CoinCursor.decode(cursor.strip()).orElseThrow(() -> new InvalidQueryException(
                    "invalid_cursor", "'cursor' must be the next_cursor of a previous page, unchanged")));
        }
        return new CoinsQuery(size, after, idList(ids, max), searchText(search));
    }

    private List<String> idList(String ids, int max) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String id : ids.split(",", -1)) {
            unique.add(coinId(id.strip()));
        }
        if (unique.size() > max) {
            throw new InvalidQueryException("invalid_filter", "'ids' names " + unique.size()
                    + " coins, more than the limit of " + max + "; page through them in several requests");
        }
        return new ArrayList<>(unique);
    }

    private static Optional<String> searchText(String search) {
        if (search == null || search.isBlank()) {
            return Optional.empty();
        }
        String text = search.strip();
        if (text.length() > MAX_SEARCH_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidQueryException("invalid_filter", "'search' is a symbol or name prefix of at most "
                    + MAX_SEARCH_LENGTH + " characters, without control characters");
        }
        return Optional.of(text);
    }

    /**
     * {@code [from, to)} as ISO-8601 instants, by default the 24 hours before {@code to} (itself by default now),
     * and the step: the given one if the range has at most {@code max-points} buckets of it, else refused; without
     * one, the finest that fits.
     */
    public PriceQuery priceQuery(String coinId, String from, String to, String step) {
        String id = coinId(coinId);
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PRICE_RANGE) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidQueryException("invalid_range", "'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        long fromMillis = start.toEpochMilli();
        long toMillis = end.toEpochMilli();
        if (step != null && !step.isBlank()) {
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
        LocalDate last = to == null || to.isBlank() ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                : date("to", to);
        LocalDate first = from == null || from.isBlank() ? last.minusDays(DEFAULT_DAILY_DAYS - 1L) : date("from", from);
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
        try {
            Instant instant = Instant.parse(value);
            // BSON dates are epoch milliseconds; an instant beyond them cannot be asked for.
            instant.toEpochMilli();
            return instant;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidQueryException("invalid_time", "'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-08-10T12:00:00Z");
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("invalid_date", "'" + name + "' must be a date such as 2026-08-10");
        }
    }

    public record PriceQuery(String coinId, Instant from, Instant to, Step step) {
    }

    public record DailyQuery(String coinId, LocalDate from, LocalDate to) {
    }
}
