package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The market before the replayed day, made one market with the replay so that every coin's history meets it:
 * <ul>
 * <li>bitcoin: its recorded {@code market_chart} answers (30 days hourly, and two days at 5 minutes), moved by whole
 * days so that their last UTC day is the day before the replay, and each series multiplied by the one ratio that
 * makes its last point equal what the replay serves first (bitcoin's price, market cap and volume in the day's first
 * recorded poll): recorded in 2021, they would otherwise end a third below the 2026 replay;</li>
 * <li>25 other coins: the same ledger's real 30-minute polls of the nine days before the recorded day, moved by the
 * replay's own whole days and not scaled, as they meet the replay by themselves (they are the polls before it).</li>
 * </ul>
 * Every other coin has no recorded history: its charts start with the replay.
 */
final class RecordedHistory {

    /** A point of a series: epoch milliseconds on the wall clock, and the value. */
    record Point(long at, double value) {
    }

    private static final String BITCOIN = "bitcoin";
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final String FOLDER = "coingecko/market_chart/";
    private static final String HOURLY = FOLDER + "market_chart-bitcoin-30d-hourly-2021-04-15_to_2021-05-15.json";
    private static final List<String> FIVE_MINUTE = List.of(
            FOLDER + "market_chart-bitcoin-1d-5min-2021-05-14T1445Z_to_2021-05-15T1442Z.json",
            FOLDER + "market_chart-bitcoin-1d-5min-2021-05-15T0820Z_to_2021-05-16T0821Z.json");
    private static final String POLLED = "coingecko/series/markets-30min-27coins-2026-08-01_to_2026-08-15.csv";

    /** Per coin and series: every recorded point (the finest recorded), and one per hour. */
    private final Map<String, Map<ChartSeries, List<Point>>> fine = new HashMap<>();
    private final Map<String, Map<ChartSeries, List<Point>>> hourly = new HashMap<>();

    private RecordedHistory() {
    }

    /** The recorded history of every coin that has one, ending where {@code replay} begins. */
    static RecordedHistory load(ObjectMapper mapper, ReplayedMarket replay) {
        RecordedHistory history = new RecordedHistory();
        history.addBitcoin(mapper, replay);
        history.addPolled(replay);
        return history;
    }

    private void addBitcoin(ObjectMapper mapper, ReplayedMarket replay) {
        Map<ChartSeries, List<Point>> hourlyRecording = read(mapper, HOURLY);
        Map<ChartSeries, List<Point>> fiveMinutes = new EnumMap<>(ChartSeries.class);
        for (String resource : FIVE_MINUTE) {
            read(mapper, resource).forEach((series, points) -> fiveMinutes.merge(series, points, RecordedHistory::union));
        }
        // The history's end: the last midnight the 5-minute recording passed. Later points would overlap the replay.
        List<Point> prices = fiveMinutes.get(ChartSeries.PRICES);
        Instant end = Instant.ofEpochMilli(prices.get(prices.size() - 1).at()).truncatedTo(ChronoUnit.DAYS);
        long shift = replay.wallStart().toEpochMilli() - end.toEpochMilli();
        Optional<JsonNode> first = replay.firstRecord(BITCOIN);
        Map<ChartSeries, List<Point>> all = new EnumMap<>(ChartSeries.class);
        Map<ChartSeries, List<Point>> hours = new EnumMap<>(ChartSeries.class);
        for (ChartSeries series : ChartSeries.values()) {
            List<Point> recent = before(fiveMinutes.get(series), end.toEpochMilli());
            List<Point> older = before(hourlyRecording.get(series), end.toEpochMilli());
            double ratio = first.map(r -> r.get(series.marketsField()))
                    .filter(JsonNode::isNumber)
                    .map(v -> v.asDouble() / recent.get(recent.size() - 1).value())
                    .orElse(1.0);
            List<Point> every = new ArrayList<>(before(older, recent.get(0).at()));
            every.addAll(recent);
            List<Point> hourlyPoints = new ArrayList<>(older);
            // The hourly recording ends within an hour; the 5-minute recording gives the hours after that one.
            long nextHour = (Math.floorDiv(older.get(older.size() - 1).at(), HOUR_MILLIS) + 1) * HOUR_MILLIS;
            hourlyPoints.addAll(firstPerHour(after(recent, nextHour - 1)));
            all.put(series, moved(every, shift, ratio));
            hours.put(series, moved(hourlyPoints, shift, ratio));
        }
        fine.put(BITCOIN, all);
        hourly.put(BITCOIN, hours);
    }

    /**
     * The polled coins' records fetched before the recorded day, each at its fetch time: where a replay of those days
     * would have put that poll in effect. Bitcoin's longer recorded history is kept instead of its rows.
     */
    private void addPolled(ReplayedMarket replay) {
        long end = replay.recordedDayStart().toEpochMilli();
        long shift = replay.wallStart().toEpochMilli() - end;
        Map<String, Map<ChartSeries, List<Point>>> polled = new TreeMap<>();
        try (BufferedReader rows = new BufferedReader(new InputStreamReader(RecordedFiles.open(POLLED),
                StandardCharsets.UTF_8))) {
            List<String> header = List.of(rows.readLine().split(","));
            int slot = header.indexOf("scheduled_slot_utc");
            int fetchedAt = header.indexOf("fetched_at_utc");
            int id = header.indexOf("id");
            Map<ChartSeries, Integer> columns = new EnumMap<>(ChartSeries.class);
            for (ChartSeries series : ChartSeries.values()) {
                columns.put(series, header.indexOf(series.marketsField()));
            }
            for (String line = rows.readLine(); line != null; line = rows.readLine()) {
                String[] cells = line.split(",", -1);
                if (line.isBlank() || cells[id].equals(BITCOIN)) {
                    continue;
                }
                // Two slots' fetch times were not recorded: their scheduled time stands in (fetches came ~2 min later).
                String time = cells[fetchedAt].isEmpty() ? cells[slot] : cells[fetchedAt];
                long at = Instant.parse(time).toEpochMilli();
                if (at >= end) {
                    continue;
                }
                Map<ChartSeries, List<Point>> coin = polled.computeIfAbsent(cells[id],
                        k -> new EnumMap<>(ChartSeries.class));
                for (ChartSeries series : ChartSeries.values()) {
                    String value = cells[columns.get(series)];
                    if (!value.isEmpty()) {
                        coin.computeIfAbsent(series, k -> new ArrayList<>()).add(new Point(at + shift,
                                Double.parseDouble(value)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POLLED, e);
        }
        polled.forEach((coin, series) -> {
            Map<ChartSeries, List<Point>> hours = new EnumMap<>(ChartSeries.class);
            series.forEach((s, points) -> {
                points.sort(Comparator.comparingLong(Point::at));
                hours.put(s, firstPerHour(points));
            });
            fine.put(coin, series);
            hourly.put(coin, hours);
        });
    }

    boolean covers(String coin) {
        return fine.containsKey(coin);
    }

    /**
     * The coin's points with {@code from <= time <= to} at a granularity: every recorded point for 5 minutes (the
     * finest recorded: hourly or 30-minute where nothing finer was), one per hour for hourly (bitcoin's hourly
     * recording as recorded), and for daily the value in effect at each midnight (UTC) the history covers.
     */
    List<Point> points(String coin, ChartSeries series, ChartGranularity granularity, Instant from, Instant to) {
        if (!covers(coin)) {
            return List.of();
        }
        List<Point> every = fine.get(coin).getOrDefault(series, List.of());
        if (granularity == ChartGranularity.DAILY) {
            return midnights(every, from, to);
        }
        List<Point> points = granularity == ChartGranularity.HOURLY
                ? hourly.get(coin).getOrDefault(series, List.of()) : every;
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
