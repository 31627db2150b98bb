package io.cryptopipe.store.service;

import io.cryptopipe.store.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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

    private final QueryConfig config;
    private final Clock clock;

    @Inject
    QueryParameters(QueryConfig config) {
        this(config, Clock.systemUTC());
    }

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
