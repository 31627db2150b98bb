package io.cryptopipe.ingest.service;

import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.model.Hole;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code backfill --coins bitcoin,ethereum --from 2025-01-01 --to 2025-01-31} (or {@code --top 10} instead of
 * {@code --coins}; the options are {@code BackfillCommand}'s) asks for: named coins or the top N by market cap, and
 * an inclusive range of UTC days, checked against what the plan can serve.
 *
 * <p>
 * The same path repairs a day's holes ({@link #ofHoles}, the {@code repair-day} command): each coin over its holes
 * only, with its own source.
 *
 * @param coins the named coins; empty when {@code top} is set
 * @param top how many coins by market cap to resolve when the run starts; 0 when the coins are named
 * @param source the records' {@code source}: {@code backfill}, or {@code repair} for holes
 * @param holes the holes to fill, instead of the whole days, for a repair; empty for a backfill
 */
public record BackfillRequest(List<String> coins, int top, LocalDate from, LocalDate to, String source,
        List<Hole> holes) {

    /** Days per {@code /market_chart/range} call: up to 90 days CoinGecko answers hourly points. */
    static final int DAYS_PER_CALL = 90;

    /** A request that cannot be run as given; the message is the one line to show. */
    public static class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * The command line's options (parsed by {@code BackfillCommand}) checked against the calendar and the plan.
     *
     * @param coins the named coins, blanks and repeats dropped; empty when {@code top} is set
     * @param top   the number of coins by market cap, or 0 when the coins are named
     * @throws Invalid when the range is backwards, not in the past, or older than the plan serves
     */
    public static BackfillRequest of(List<String> coins, int top, LocalDate from, LocalDate to, LocalDate today,
            Plan plan) {
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
        List<String> ids = coins.stream().map(String::strip).filter(id -> !id.isEmpty()).distinct().toList();
        String source = MarketRecord.SOURCE_BACKFILL;
        return top > 0 ? new BackfillRequest(List.of(), top, from, to, source, List.of())
                : new BackfillRequest(ids, 0, from, to, source, List.of());
    }

    /**
     * The holes of one past day, each coin over its own holes, published with source {@code repair}.
     *
     * @throws Invalid when the day is not a past day or older than the plan serves
     */
    public static BackfillRequest ofHoles(LocalDate day, List<Hole> holes, LocalDate today, Plan plan) {
        BackfillRequest days = of(holes.stream().map(Hole::coinId).toList(), 0, day, day, today, plan);
        return new BackfillRequest(days.coins(), 0, day, day, MarketRecord.SOURCE_REPAIR, List.copyOf(holes));
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

    /**
     * The calls to make for one coin, oldest first: ranges of at most {@value #DAYS_PER_CALL} days, or the coin's
     * holes for a repair.
     */
    public List<Chunk> chunks(String coin) {
        if (!holes.isEmpty()) {
            // Only the points strictly between the observations that bound a hole are missing.
            return holes.stream().filter(hole -> hole.coinId().equals(coin))
                    .map(hole -> new Chunk(hole.from().plusMillis(1), hole.to(), hole.from() + ".." + hole.to()))
                    .toList();
        }
        List<Chunk> chunks = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(DAYS_PER_CALL)) {
            LocalDate end = start.plusDays(DAYS_PER_CALL - 1);
            chunks.add(Chunk.days(start, end.isAfter(to) ? to : end));
        }
        return chunks;
    }

    /** The points in [from, until) fetched in one call, named for progress and messages. */
    public record Chunk(Instant from, Instant until, String name) {

        /** An inclusive range of UTC days. */
        static Chunk days(LocalDate first, LocalDate last) {
            return new Chunk(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), first + ".." + last);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static String describe(Duration retention) {
        return retention.equals(Duration.ofDays(retention.toDays())) ? retention.toDays() + "d" : retention.toString();
    }
}
