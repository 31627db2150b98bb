package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The market before the replayed day: bitcoin's recorded {@code market_chart} answers (30 days hourly, and two days
 * at 5 minutes) made one market with the replay. They are moved by whole days so that their last UTC day is the day
 * before the replay begins, and each series is multiplied by the one ratio that makes its last point equal what the
 * replay serves first (bitcoin's price, market cap and volume of the day's first recorded poll), so the history meets
 * the replayed day without a jump. Only bitcoin was recorded this way; every other coin has no history (its charts
 * start with the replay), as the data holds none that meets the replay.
 */
final class RecordedHistory {

    /** A point of a series: epoch milliseconds on the wall clock, and the value. */
    record Point(long at, double value) {
    }

    private static final String COIN = "bitcoin";
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final String FOLDER = "coingecko/market_chart/";
    private static final String HOURLY = FOLDER + "market_chart-bitcoin-30d-hourly-2021-04-15_to_2021-05-15.json";
    private static final List<String> FIVE_MINUTE = List.of(
            FOLDER + "market_chart-bitcoin-1d-5min-2021-05-14T1445Z_to_2021-05-15T1442Z.json",
            FOLDER + "market_chart-bitcoin-1d-5min-2021-05-15T0820Z_to_2021-05-16T0821Z.json");

    /** Per series: every recorded point (5-minute where recorded, hourly before), and the hourly ones. */
    private final Map<ChartSeries, List<Point>> fine = new EnumMap<>(ChartSeries.class);
    private final Map<ChartSeries, List<Point>> hourly = new EnumMap<>(ChartSeries.class);

    private RecordedHistory() {
    }

    /** Bitcoin's recorded history, ending where {@code replay} begins and scaled to meet its first poll. */
    static RecordedHistory load(ObjectMapper mapper, ReplayedMarket replay) {
        RecordedHistory history = new RecordedHistory();
        Map<ChartSeries, List<Point>> hourlyRecording = read(mapper, HOURLY);
        Map<ChartSeries, List<Point>> fiveMinutes = new EnumMap<>(ChartSeries.class);
        for (String resource : FIVE_MINUTE) {
            read(mapper, resource).forEach((series, points) -> fiveMinutes.merge(series, points, RecordedHistory::union));
        }
        // The history's end: the last midnight the 5-minute recording passed. Later points would overlap the replay.
        List<Point> prices = fiveMinutes.get(ChartSeries.PRICES);
        Instant end = Instant.ofEpochMilli(prices.get(prices.size() - 1).at()).truncatedTo(ChronoUnit.DAYS);
        long shift = replay.wallStart().toEpochMilli() - end.toEpochMilli();
        Optional<JsonNode> first = replay.firstRecord(COIN);
        for (ChartSeries series : ChartSeries.values()) {
            List<Point> recent = before(fiveMinutes.get(series), end.toEpochMilli());
            List<Point> older = before(hourlyRecording.get(series), end.toEpochMilli());
            double ratio = first.map(r -> r.get(series.marketsField()))
                    .filter(JsonNode::isNumber)
                    .map(v -> v.asDouble() / recent.get(recent.size() - 1).value())
                    .orElse(1.0);
            List<Point> all = new ArrayList<>(before(older, recent.get(0).at()));
            all.addAll(recent);
            List<Point> hours = new ArrayList<>(older);
            // The hourly recording ends within an hour; the 5-minute recording gives the hours after that one.
            long nextHour = (Math.floorDiv(older.get(older.size() - 1).at(), HOUR_MILLIS) + 1) * HOUR_MILLIS;
            hours.addAll(firstPerHour(after(recent, nextHour - 1)));
            history.fine.put(series, moved(all, shift, ratio));
            history.hourly.put(series, moved(hours, shift, ratio));
        }
        return history;
    }

    boolean covers(String coin) {
        return COIN.equals(coin);
    }

    /**
     * The coin's points with {@code from <= time <= to} at a granularity: every recorded point for 5 minutes (hourly
     * where only hourly ones were recorded), the hourly recording for hourly, and for daily the value in effect at
     * each midnight (UTC) the history covers.
     */
    List<Point> points(String coin, ChartSeries series, ChartGranularity granularity, Instant from, Instant to) {
        if (!covers(coin)) {
            return List.of();
        }
        if (granularity == ChartGranularity.DAILY) {
            return midnights(fine.get(series), from, to);
        }
        List<Point> points = granularity == ChartGranularity.HOURLY ? hourly.get(series) : fine.get(series);
        return points.stream().filter(p -> p.at() >= from.toEpochMilli() && p.at() <= to.toEpochMilli()).toList();
    }

    private static List<Point> midnights(List<Point> points, Instant from, Instant to) {
        List<Point> daily = new ArrayList<>();
        Instant midnight = ChartGranularity.DAILY.firstAtOrAfter(from);
        int i = 0;
        Point inEffect = null;
        for (; !midnight.isAfter(to); midnight = midnight.plus(ChartGranularity.DAILY.step())) {
            while (i < points.size() && points.get(i).at() <= midnight.toEpochMilli()) {
                inEffect = points.get(i++);
            }
            if (i == points.size()) {
                break; // past the history's last point: the replay answers from here
            }
            if (inEffect != null) {
                daily.add(new Point(midnight.toEpochMilli(), inEffect.value()));
            }
        }
        return daily;
    }

    private static List<Point> moved(List<Point> points, long shift, double ratio) {
        return points.stream().map(p -> new Point(p.at() + shift, p.value() * ratio)).toList();
    }

    private static List<Point> before(List<Point> points, long end) {
        return points.stream().filter(p -> p.at() < end).toList();
    }

    private static List<Point> after(List<Point> points, long start) {
        return points.stream().filter(p -> p.at() > start).toList();
    }

    private static List<Point> firstPerHour(List<Point> points) {
        List<Point> kept = new ArrayList<>();
        long hour = Long.MIN_VALUE;
        for (Point p : points) {
            if (Math.floorDiv(p.at(), HOUR_MILLIS) != hour) {
                hour = Math.floorDiv(p.at(), HOUR_MILLIS);
                kept.add(p);
            }
        }
        return kept;
    }

    private static List<Point> union(List<Point> a, List<Point> b) {
        TreeMap<Long, Point> byTime = new TreeMap<>();
        a.forEach(p -> byTime.put(p.at(), p));
        b.forEach(p -> byTime.put(p.at(), p));
        return List.copyOf(byTime.values());
    }

    /**
     * One recording's series, each point after the one before: a recording's last point can repeat the one before it
     * at an earlier, rounded time (CoinGecko's "now"), which is left out.
     */
    private static Map<ChartSeries, List<Point>> read(ObjectMapper mapper, String resource) {
        JsonNode chart;
        try (InputStream in = RecordedFiles.open(resource)) {
            chart = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<ChartSeries, List<Point>> series = new EnumMap<>(ChartSeries.class);
        for (ChartSeries s : ChartSeries.values()) {
            List<Point> points = new ArrayList<>();
            for (JsonNode point : chart.get(s.jsonName())) {
                long at = point.get(0).asLong();
                if (points.isEmpty() || at > points.get(points.size() - 1).at()) {
                    points.add(new Point(at, point.get(1).asDouble()));
                }
            }
            series.put(s, points);
        }
        return series;
    }
}
