package io.cryptopipe.aggregate;

import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deterministic raw observations, shaped like {@code market_data_raw} documents, with the quirks a real day has:
 * coins silent for whole hours, a coin with a handful of points, a coin renamed during the day, volumes and market
 * caps that are null or absent, and observations of the neighbouring days a few seconds from midnight that carry
 * absurd prices, so that counting them by mistake shows in every statistic.
 */
public final class RawDayGenerator {

    /** A value that a raw document holds as null or does not hold at all, as store-service may write either. */
    public enum Gap { NONE, NULL, ABSENT }

    public record Observation(String coinId, Instant timestamp, String symbol, String name, double price,
            double totalVolume, Gap totalVolumeGap, double marketCap, Gap marketCapGap) {

        public Double totalVolumeOrNull() {
            return totalVolumeGap == Gap.NONE ? totalVolume : null;
        }

        public Double marketCapOrNull() {
            return marketCapGap == Gap.NONE ? marketCap : null;
        }

        /** CoinGecko's rank of the coin, the same all day. */
        public int marketCapRank() {
            return 1 + Math.abs(coinId.hashCode() % 500);
        }

        public Document toDocument() {
            Document document = new Document("coin_id", coinId)
                    .append("timestamp", Date.from(timestamp))
                    .append("fetched_at", Date.from(timestamp.plusSeconds(7)))
                    .append("source", "poll")
                    .append("schema_version", 1)
                    .append("symbol", symbol)
                    .append("name", name)
                    .append("current_price", price);
            put(document, "market_cap", marketCap, marketCapGap);
            document.append("market_cap_rank", marketCapRank());
            put(document, "total_volume", totalVolume, totalVolumeGap);
            return document
                    .append("high_24h", price * 1.05)
                    .append("low_24h", price * 0.95)
                    .append("price_change_24h", -price * 0.01)
                    .append("price_change_percentage_24h", -1.0)
                    .append("circulating_supply", null);
        }

        private static void put(Document document, String field, double value, Gap gap) {
            switch (gap) {
                case NONE -> document.append(field, value);
                case NULL -> document.append(field, null);
                case ABSENT -> { }
            }
        }
    }

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int SLOTS_PER_DAY = (int) (Duration.ofDays(1).toSeconds() / STEP.toSeconds());

    /** Coins silent for whole hours of the day (UTC hour of day), including the first and the last hour. */
    private static final Map<Integer, Set<Integer>> SILENT_HOURS = Map.of(
            3, Set.of(0),
            7, Set.of(23),
            11, Set.of(5, 6, 7, 8),
            19, Set.of(12, 14),
            30, Set.of(9));
    public static final int SPARSE_COIN = 42;
    public static final int SPARSE_POINTS = 5;
    /** Its observation at exactly 00:00:00.000 opens the day. */
    public static final int MIDNIGHT_COIN = 0;
    /** Renamed at noon: its daily symbol and name are the new ones. */
    public static final int RENAMED_COIN = 5;
    /** No market cap all day (CoinGecko has such coins). */
    public static final int NO_MARKET_CAP_COIN = 13;
    /** Its last observation of the day has a null volume and no market cap. */
    public static final int GAPPY_CLOSE_COIN = 21;

    private RawDayGenerator() {
    }

    public static String coinId(int coin) {
        return String.format("coin-%02d", coin);
    }

    /**
     * A full day at 30 s granularity (2,880 slots per coin, minus the silent hours), plus observations of the
     * previous and the next day close to midnight.
     */
    public static List<Observation> fullDay(LocalDate day, int coins, long seed) {
        Random random = new Random(seed);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant nextDay = start.plus(Duration.ofDays(1));
        List<Observation> observations = new ArrayList<>();
        for (int coin = 0; coin < coins; coin++) {
            double price = Math.pow(10, -8 + 13 * random.nextDouble());
            double supply = Math.pow(10, 6 + 6 * random.nextDouble());
            Set<Integer> sparseSlots = coin == SPARSE_COIN ? sparseSlots(random) : Set.of();
            List<Observation> coinDay = new ArrayList<>();
            for (int slot = 0; slot < SLOTS_PER_DAY; slot++) {
                Instant timestamp = start.plus(STEP.multipliedBy(slot))
                        .plusMillis(coin == MIDNIGHT_COIN && slot == 0 ? 0 : random.nextInt((int) STEP.toMillis()));
                price *= Math.exp(random.nextGaussian() * 0.002);
                Gap volumeGap = gap(random);
                Gap capGap = coin == NO_MARKET_CAP_COIN ? Gap.NULL : gap(random);
                double volume = price * supply * (0.01 + 0.1 * random.nextDouble());
                boolean silent = SILENT_HOURS.getOrDefault(coin, Set.of()).contains(slot * 30 / 3600)
                        || (coin == SPARSE_COIN && !sparseSlots.contains(slot));
                if (!silent) {
                    boolean renamed = coin == RENAMED_COIN && slot >= SLOTS_PER_DAY / 2;
                    coinDay.add(new Observation(coinId(coin), timestamp,
                            String.format(renamed ? "n%02d" : "c%02d", coin),
                            String.format(renamed ? "New Coin %02d" : "Coin %02d", coin),
                            price, volume, volumeGap, price * supply, capGap));
                }
            }
            if (coin == GAPPY_CLOSE_COIN) {
                Observation last = coinDay.remove(coinDay.size() - 1);
                coinDay.add(new Observation(last.coinId(), last.timestamp(), last.symbol(), last.name(),
                        last.price(), last.totalVolume(), Gap.NULL, last.marketCap(), Gap.ABSENT));
            }
            observations.addAll(coinDay);
            if (coin % 5 == 0 || coin == SPARSE_COIN) {
                observations.addAll(neighbours(coin, start, nextDay, random));
            }
        }
        return observations;
    }

    /** A few observations per coin on one day, one per {@code step} from midnight, no quirks. */
    public static List<Observation> plainDay(LocalDate day, int coins, Duration step, long seed) {
        Random random = new Random(seed);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Observation> observations = new ArrayList<>();
        for (int coin = 0; coin < coins; coin++) {
            double price = 1 + 1000 * random.nextDouble();
            for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(1))); t = t.plus(step)) {
                price *= Math.exp(random.nextGaussian() * 0.01);
                observations.add(new Observation(coinId(coin), t.plusMillis(random.nextInt(1000)),
                        String.format("c%02d", coin), String.format("Coin %02d", coin),
                        price, price * 1e6, Gap.NONE, price * 1e7, Gap.NONE));
            }
        }
        return observations;
    }

    private static Set<Integer> sparseSlots(Random random) {
        Set<Integer> slots = new TreeSet<>();
        while (slots.size() < SPARSE_POINTS) {
            slots.add(random.nextInt(SLOTS_PER_DAY));
        }
        return slots;
    }

    private static Gap gap(Random random) {
        int roll = random.nextInt(100);
        return roll < 3 ? Gap.NULL : roll < 4 ? Gap.ABSENT : Gap.NONE;
    }

    // Just outside the day on both sides, with prices and volumes no statistic of the day may show.
    private static List<Observation> neighbours(int coin, Instant start, Instant nextDay, Random random) {
        String id = coinId(coin);
        String symbol = String.format("x%02d", coin);
        return List.of(
                new Observation(id, start.minusMillis(1), symbol, "Yesterday", 1e12, 1e18, Gap.NONE, 1e18, Gap.NONE),
                new Observation(id, start.minusSeconds(1 + random.nextInt(29)), symbol, "Yesterday", 1e-15, 1e-3,
                        Gap.NONE, 1e-3, Gap.NONE),
                new Observation(id, nextDay, symbol, "Tomorrow", 1e-15, 1e-3, Gap.NONE, 1e-3, Gap.NONE),
                new Observation(id, nextDay.plusSeconds(1 + random.nextInt(29)), symbol, "Tomorrow", 1e12, 1e18,
                        Gap.NONE, 1e18, Gap.NONE));
    }
}
