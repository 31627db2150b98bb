package io.cryptopipe.aggregate.repository.pipeline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.aggregate.RawDayGenerator;
import io.cryptopipe.aggregate.archive.RecordedRawDay;
import io.cryptopipe.aggregate.model.CoinIdRange;
import org.bson.Document;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The time-weighted price and the observed/repaired figures the pipeline computes inside the database, against an
 * independent computation in Java over the same points: on generated and on recorded days, each cut by random holes,
 * some of them repaired with 5-minute points, some points without a {@code source} (written before sources existed).
 * Each seed is one random case; a failing seed reproduces.
 */
class DailyPipelineTwapTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration MAX_HOLD = Duration.ofMinutes(5);
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    @RegisterExtension
    static final PipelineDatabase DB = new PipelineDatabase("pipeline_twap");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void generatedDayWithRandomHolesAndRepairsMatchesTheIndependentComputation(long seed) {
        LocalDate day = LocalDate.of(2024, 3, 10);
        List<Document> observed = RawDayGenerator.fullDay(day, 10, seed).stream()
                .map(RawDayGenerator.Observation::toDocument).toList();

        assertMatchesIndependentComputation(day, observed, new Random(seed));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void recordedDayWithRandomHolesAndRepairsMatchesTheIndependentComputation(long seed) {
        // Points about 30 minutes apart: most holds are capped.
        assertMatchesIndependentComputation(RecordedRawDay.DAY, RecordedRawDay.documents(), new Random(seed));
    }

    @org.junit.jupiter.api.Test
    void eachPriceIsHeldUntilTheNextPointAtMostFiveMinutesAndRepairedHoldsCountApart() {
        LocalDate day = LocalDate.of(2024, 3, 11);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        raw().insertMany(List.of(
                point("bitcoin", midnight, "poll", 1.0),
                point("bitcoin", midnight.plusSeconds(60), null, 3.0),
                // Ten hours later, a repaired point: 3.0 stood for 5 minutes of the silence, not for ten hours.
                point("bitcoin", midnight.plusSeconds(36_060), "repair", 5.0),
                point("bitcoin", midnight.plusSeconds(36_120), "poll", 7.0)));

        DailyPipeline.over(raw(), day, "daily", INTERVAL, MAX_HOLD, CoinIdRange.ALL).toCollection();

        Document daily = DB.database().getCollection("daily").find(new Document("coin_id", "bitcoin")).first();
        // 1.0 for 60 s, 3.0 for 300 s, 5.0 for 60 s (until the next point), 7.0 for 300 s.
        assertThat(daily.getDouble("twap")).isEqualTo((60 * 1.0 + 300 * 3.0 + 60 * 5.0 + 300 * 7.0) / 720);
        assertThat(daily.getInteger("twap_seconds")).isEqualTo(720);
        Document quality = daily.get("quality", Document.class);
        assertThat(quality.getInteger("repaired_points")).isEqualTo(1);
        assertThat(quality.get("repaired_coverage", Number.class).doubleValue()).isEqualTo(60.0 / 86_400);
        // Observed: the "poll" points and the one without a source, in three slots.
        assertThat(quality.getInteger("observations")).isEqualTo(3);
        assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).isEqualTo(86_400 - 36_120);
    }

    private static Document point(String coin, Instant time, String source, double price) {
        Document point = new Document("coin_id", coin).append("timestamp", Date.from(time))
                .append("current_price", price);
        return source == null ? point : point.append("source", source);
    }

    private void assertMatchesIndependentComputation(LocalDate day, List<Document> observed, Random random) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Document> points = withHolesAndRepairs(observed, start, random);
        raw().createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw().insertMany(points);

        DailyPipeline.over(raw(), day, "daily", INTERVAL, MAX_HOLD, CoinIdRange.ALL).toCollection();

        Map<String, List<Document>> byCoin = points.stream()
                .filter(point -> time(point) >= start && time(point) < start + DAY_MILLIS)
                .collect(Collectors.groupingBy(point -> point.getString("coin_id"), TreeMap::new,
                        Collectors.toList()));
        assertThat(DB.database().getCollection("daily").countDocuments()).isEqualTo(byCoin.size());
        byCoin.forEach((coin, coinPoints) -> {
            Expected expected = Expected.of(coinPoints, start, MAX_HOLD.toMillis());
            Document daily = DB.database().getCollection("daily").find(new Document("coin_id", coin)).first();
            Document quality = daily.get("quality", Document.class);
            if (expected.pricedMillis == 0) {
                assertThat(daily.get("twap")).as(coin).isNull();
            } else {
                assertThat(daily.getDouble("twap")).as(coin)
                        .isCloseTo(expected.twap(), within(Math.abs(expected.twap()) * 1e-9));
            }
            assertThat(daily.getInteger("twap_seconds")).as(coin).isEqualTo((int) (expected.pricedMillis / 1000));
            assertThat(quality.getInteger("repaired_points")).as(coin).isEqualTo(expected.repairedPoints);
            assertThat(quality.get("repaired_coverage", Number.class).doubleValue()).as(coin)
                    .isCloseTo((double) expected.repairedMillis / DAY_MILLIS, within(1e-12));
            assertThat(quality.getInteger("observations")).as(coin).isEqualTo(expected.observedSlots);
            assertThat(quality.get("coverage", Number.class).doubleValue()).as(coin)
                    .isCloseTo(expected.observedSlots / 2880.0, within(1e-12));
            if (expected.longestGapMillis >= INTERVAL.toMillis()) {
                assertThat(quality.get("longest_gap_seconds", Number.class).doubleValue()).as(coin)
                        .isEqualTo(expected.longestGapMillis / 1000.0);
            }
        });
    }

    /**
     * The observed points with random holes cut out (a minute to three hours each), some holes then repaired with
     * 5-minute points (source "repair" or "backfill", a few seconds of jitter), some prices null, and some coins'
     * points without a source.
     */
    private static List<Document> withHolesAndRepairs(List<Document> observed, long start, Random random) {
        List<long[]> holes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long from = start + (long) (random.nextDouble() * DAY_MILLIS);
            holes.add(new long[] {from, from + 60_000 + (long) (random.nextDouble() * 3 * 3_600_000)});
        }
        Map<String, List<long[]>> holesByCoin = new TreeMap<>();
        List<String> coins = observed.stream().map(point -> point.getString("coin_id")).distinct().sorted().toList();
        holes.forEach(hole -> holesByCoin.computeIfAbsent(coins.get(random.nextInt(coins.size())),
                coin -> new ArrayList<>()).add(hole));
        List<String> withoutSource = coins.stream().filter(coin -> random.nextInt(5) == 0).toList();
        List<Document> points = new ArrayList<>();
        for (Document point : observed) {
            String coin = point.getString("coin_id");
            long t = time(point);
            if (holesByCoin.getOrDefault(coin, List.of()).stream().anyMatch(h -> t >= h[0] && t < h[1])) {
                continue;
            }
            Document copy = new Document(point);
            copy.remove("_id");
            if (withoutSource.contains(coin)) {
                copy.remove("source");
            }
            if (random.nextInt(100) == 0) {
                copy.put("current_price", null);
            }
            points.add(copy);
        }
        Set<String> taken = points.stream().map(p -> p.getString("coin_id") + "@" + time(p))
                .collect(Collectors.toCollection(HashSet::new));
        holesByCoin.forEach((coin, coinHoles) -> {
            for (long[] hole : coinHoles) {
                if (random.nextBoolean()) {
                    continue;
                }
                String source = random.nextBoolean() ? "repair" : "backfill";
                for (long t = hole[0] + 1_000 + random.nextInt(10_000); t < hole[1]; t += 300_000 - 5_000
                        + random.nextInt(10_000)) {
                    if (taken.add(coin + "@" + t)) {
                        points.add(new Document("coin_id", coin).append("timestamp", new Date(t))
                                .append("source", source).append("current_price", 1 + random.nextDouble() * 100)
                                .append("market_cap", null).append("total_volume", null));
                    }
                }
            }
        });
        return points;
    }

    /** The figures of one coin's day, straight from their definitions. */
    private record Expected(double weighted, long pricedMillis, long repairedMillis, int repairedPoints,
            int observedSlots, long longestGapMillis) {

        static Expected of(List<Document> points, long start, long maxHold) {
            List<Document> sorted = points.stream().sorted(Comparator.comparingLong(DailyPipelineTwapTest::time))
                    .toList();
            double weighted = 0;
            long priced = 0;
            long repaired = 0;
            int repairedPoints = 0;
            long longestGap = time(sorted.get(0)) - start;
            Set<Long> observedSlots = new HashSet<>();
            for (int i = 0; i < sorted.size(); i++) {
                Document point = sorted.get(i);
                long t = time(point);
                long next = i + 1 < sorted.size() ? time(sorted.get(i + 1)) : start + DAY_MILLIS;
                long hold = Math.min(next - t, maxHold);
                longestGap = Math.max(longestGap, next - t);
                Double price = point.getDouble("current_price");
                if (price != null) {
                    weighted += price * hold;
                    priced += hold;
                }
                String source = point.getString("source");
                if (source == null || source.equals("poll")) {
                    observedSlots.add((t - start) / INTERVAL.toMillis());
                } else {
                    repaired += hold;
                    repairedPoints++;
                }
            }
            return new Expected(weighted, priced, repaired, repairedPoints, observedSlots.size(), longestGap);
        }

        double twap() {
            return weighted / pricedMillis;
        }
    }

    private static long time(Document point) {
        return point.getDate("timestamp").getTime();
    }

    private MongoCollection<Document> raw() {
        return DB.database().getCollection("market_data_raw");
    }
}
