package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.config.Plan;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code backfill --coins bitcoin,ethereum --from 2025-01-01 --to 2025-01-31} asks for: coins and an inclusive
 * range of UTC days, checked against what the plan can serve.
 */
public record BackfillRequest(List<String> coins, LocalDate from, LocalDate to) {

    /** Days per {@code /market_chart/range} call: up to 90 days CoinGecko answers hourly points. */
    static final int DAYS_PER_CALL = 90;

    public static final String USAGE = "usage: backfill --coins <id,id,...> --from <YYYY-MM-DD> --to <YYYY-MM-DD>";

    /** A request that cannot be run as given; the message is the one line to show. */
    public static class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** @throws Invalid when the arguments are incomplete, malformed, or ask for more than the plan serves */
    public static BackfillRequest parse(List<String> args, LocalDate today, Plan plan) {
        List<String> coins = null;
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
                case "--from" -> from = date(option, value);
                case "--to" -> to = date(option, value);
                default -> throw new Invalid("unknown option " + option + "; " + USAGE);
            }
        }
        if (coins == null || coins.isEmpty() || from == null || to == null) {
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
        return new BackfillRequest(coins, from, to);
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

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(option + " must be a date like 2025-01-31, was " + value);
        }
    }
}
