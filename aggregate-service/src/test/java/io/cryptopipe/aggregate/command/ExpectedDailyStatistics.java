package io.cryptopipe.aggregate.command;

import io.cryptopipe.aggregate.RawDayGenerator.Observation;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The daily documents computed in plain Java from the generated observations, independently of the pipeline:
 * what {@code market_data_daily} must hold for a day, keyed by coin.
 */
final class ExpectedDailyStatistics {

    /** Fields that are averages, compared with a relative tolerance because summation order may differ. */
    static final List<String> AVERAGES = List.of("avg_price", "avg_total_volume", "avg_market_cap", "twap");

    private ExpectedDailyStatistics() {
    }

    static Map<String, Document> of(List<Observation> observations, LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, List<Observation>> byCoin = observations.stream()
                .filter(o -> !o.timestamp().isBefore(start) && o.timestamp().isBefore(end))
                .collect(Collectors.groupingBy(Observation::coinId, TreeMap::new, Collectors.toList()));
        Map<String, Document> expected = new TreeMap<>();
        byCoin.forEach((coin, points) -> expected.put(coin, daily(coin, day, points)));
        return expected;
    }

    private static Document daily(String coin, LocalDate day, List<Observation> points) {
        List<Observation> ordered = points.stream().sorted(Comparator.comparing(Observation::timestamp)).toList();
        Observation first = ordered.get(0);
        Observation last = ordered.get(ordered.size() - 1);
        double[] held = twap(day, ordered);
        return new Document("coin_id", coin)
                .append("date", day.toString())
                .append("symbol", last.symbol())
                .append("name", last.name())
                .append("avg_price", average(ordered, Observation::price))
                .append("min_price", ordered.stream().mapToDouble(Observation::price).min().orElseThrow())
                .append("max_price", ordered.stream().mapToDouble(Observation::price).max().orElseThrow())
                .append("open_price", first.price())
                .append("close_price", last.price())
                .append("data_points", ordered.size())
                .append("first_timestamp", Date.from(first.timestamp()))
                .append("last_timestamp", Date.from(last.timestamp()))
                .append("avg_total_volume", average(ordered, Observation::totalVolumeOrNull))
                .append("last_total_volume", last.totalVolumeOrNull())
                .append("avg_market_cap", average(ordered, Observation::marketCapOrNull))
                .append("last_market_cap", last.marketCapOrNull())
                .append("last_market_cap_rank", last.marketCapRank())
                .append("twap", held[0] / held[1])
                .append("twap_seconds", (int) (held[1] / 1000))
                .append("quality", quality(day, ordered));
    }

    /**
     * Price × milliseconds held and milliseconds held, each observation's price held until the next one or the next
     * 00:00Z, at most 5 minutes (the default aggregate.twap.max-hold).
     */
    private static double[] twap(LocalDate day, List<Observation> ordered) {
        long end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double weighted = 0;
        long held = 0;
        for (int i = 0; i < ordered.size(); i++) {
            long t = ordered.get(i).timestamp().toEpochMilli();
            long next = i + 1 < ordered.size() ? ordered.get(i + 1).timestamp().toEpochMilli() : end;
            long hold = Math.min(next - t, 300_000L);
            weighted += ordered.get(i).price() * hold;
            held += hold;
        }
        return new double[] {weighted, held};
    }

    /**
     * The quality report at the default 30 s interval, from the whole list of the coin's observations: slots of the
     * day with an observation, and the largest difference between neighbours once midnight is added at both ends.
     */
    static Document quality(LocalDate day, List<Observation> ordered) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Long> times = new ArrayList<>();
        times.add(start);
        ordered.forEach(o -> times.add(o.timestamp().toEpochMilli()));
        times.add(start + 86_400_000L);
        long longestGap = 0;
        for (int i = 1; i < times.size(); i++) {
            longestGap = Math.max(longestGap, times.get(i) - times.get(i - 1));
        }
        long slots = ordered.stream().map(o -> (o.timestamp().toEpochMilli() - start) / 30_000).distinct().count();
        double min = ordered.stream().mapToDouble(Observation::price).min().orElseThrow();
        double max = ordered.stream().mapToDouble(Observation::price).max().orElseThrow();
        double open = ordered.get(0).price();
        double close = ordered.get(ordered.size() - 1).price();
        return new Document("expected_interval_seconds", 30.0)
                .append("expected_observations", 2880)
                .append("observations", (int) slots)
                .append("coverage", slots / 2880.0)
                .append("repaired_coverage", 0.0)
                .append("repaired_points", 0)
                .append("longest_gap_seconds", longestGap / 1000.0)
                .append("ordering_ok", min <= open && min <= close && open <= max && close <= max)
                .append("prices_positive", min > 0);
    }

    // The mean of the values present; null when there is none.
    private static Double average(List<Observation> points, Function<Observation, Double> value) {
        List<Double> present = points.stream().map(value).filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (double v : present) {
            sum += v;
        }
        return sum / present.size();
    }
}
