package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.config.Plan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code backfill --coins bitcoin,ethereum --from 2025-01-01 --to 2025-01-31} (or {@code --top 10} instead of
 * {@code --coins}) asks for: named coins or the top N by market cap, and an inclusive range of UTC days, checked
 * against what the plan can serve.
 *
 * @param coins the named coins; empty when {@code top} is set
 * @param top how many coins by market cap to resolve when the run starts; 0 when the coins are named
 */
public record BackfillRequest(List<String> coins, int top, LocalDate from, LocalDate to) {

    /** Days per {@code /market_chart/range} call: up to 90 days CoinGecko answers hourly points. */
    static final int DAYS_PER_CALL = 90;

    public static final String USAGE =
            "usage: backfill (--coins <id,id,...> | --top <N>) --from <YYYY-MM-DD> --to <YYYY-MM-DD>";

    /** A request that cannot be run as given; the message is the one line to show. */
    public static class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** @throws Invalid when the arguments are incomplete, malformed, or ask for more than the plan serves */
    public static BackfillRequest parse(List<String> args, LocalDate today, Plan plan) {
        List<String> coins = null;
        Integer top = null;
        LocalDate from = null;
        LocalDate to = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new Invalid(option + " needs a value; " + USAGE);
            }
            String value = args.get(++i);
            switch (option) {
                case "--coins" -> coins = Arrays.stream(value.split(",")).map(String::strip)
                        .filter(id -> !id.isEmpty()).distinct().toList();
                case "--top" -> top = count(option, value);
                case "--from" -> from = date(option, value);
                case "--to" -> to = date(option, value);
                default -> throw new Invalid("unknown option " + option + "; " + USAGE);
            }
        }
        if (coins != null && top != null) {
            throw new Invalid("--coins and --top exclude each other; " + USAGE);
        }
        if ((coins == null || coins.isEmpty()) && top == null || from == null || to == null) {
            throw new Invalid(USAGE);
        }
        if (from.isAfter(to)) {
            throw new Invalid("--from " + from + " is after --to " + to);
        }
        if (!to.isBefore(today)) {
            throw new Invalid("--to " + to + " is not a past day (today is " + today + " UTC); the poller covers today");
        }
        LocalDate oldest = plan.historyDays() == Integer.MAX_VALUE ? LocalDate.MIN : today.minusDays(plan.historyDays());
        if (from.isBefore(oldest)) {
            throw new Invalid("--from " + from + " is more than " + plan.historyDays() + " days back: the "
                    + plan.name().toLowerCase() + " plan serves history from " + oldest + " on");
        }
        return top != null ? new BackfillRequest(List.of(), top, from, to) : new BackfillRequest(coins, 0, from, to);
    }

    /**
     * Refuses a range whose first day starts before the oldest observation the store keeps: MongoDB's TTL monitor
     * would delete those records within a minute of their being stored.
     *
     * @param retention how long the store keeps observations; zero keeps them forever
     * @throws Invalid when the range reaches further back than the retention
     */
    public BackfillRequest requireWithinRetention(Instant now, Duration retention) {
        if (retention.isZero()) {
            return this;
        }
        Instant oldestKept = now.minus(retention);
        if (from.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(oldestKept)) {
            LocalDate firstKept = LocalDate.ofInstant(oldestKept, ZoneOffset.UTC);
            if (firstKept.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(oldestKept)) {
                firstKept = firstKept.plusDays(1);
            }
            throw new Invalid("--from " + from + " is older than the store keeps observations (STORE_RETENTION "
                    + describe(retention) + "): MongoDB would delete them within a minute; backfill from "
                    + firstKept + " on, or raise the retention first");
        }
        return this;
    }

    /** Whether the coins are the top N by market cap, resolved when the run starts (or recorded by an earlier run). */
    public boolean byMarketCap() {
        return top > 0;
    }

    /** The calls to make for one coin: ranges of at most {@value #DAYS_PER_CALL} days, oldest first. */
    public List<Chunk> chunks() {
        List<Chunk> chunks = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(DAYS_PER_CALL)) {
            LocalDate end = start.plusDays(DAYS_PER_CALL - 1);
            chunks.add(new Chunk(start, end.isAfter(to) ? to : end));
        }
        return chunks;
    }

    /** An inclusive range of UTC days fetched in one call. */
    public record Chunk(LocalDate first, LocalDate last) {
        @Override
        public String toString() {
            return first + ".." + last;
        }
    }

    private static String describe(Duration retention) {
        return retention.equals(Duration.ofDays(retention.toDays())) ? retention.toDays() + "d" : retention.toString();
    }

    private static int count(String option, String value) {
        try {
            int count = Integer.parseInt(value);
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number below 1
        }
        throw new Invalid(option + " must be a whole number of at least 1, was " + value);
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(option + " must be a date like 2025-01-31, was " + value);
        }
    }
}
