package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A coin's {@code market_chart} at a granularity, as one market over time: the recorded history before the replay
 * begins ({@link RecordedHistory}), then the replayed polls, where the point at an instant carries the price, market
 * cap and volume of the snapshot {@code /coins/markets} served at that instant. A chart of the replayed time therefore
 * rebuilds exactly what a poll at each of its instants saw, and nothing after now. The replayed part's points are as
 * far apart as the granularity's step at the replay's speed.
 */
final class MarketCharts {

    private final ObjectMapper mapper;
    private final ReplayedMarket replay;
    private RecordedHistory history;

    MarketCharts(ObjectMapper mapper, ReplayedMarket replay) {
        this.mapper = mapper;
        this.replay = replay;
    }

    /** Whether the stand-in has a chart of the coin (every coin a recorded poll listed). */
    boolean knows(String coin) {
        return replay.recorded(coin) || history().covers(coin);
    }

    /** Read on the first chart asked for: most stand-ins only ever serve {@code /coins/markets}. */
    private synchronized RecordedHistory history() {
        if (history == null) {
            history = RecordedHistory.load(mapper, replay);
        }
        return history;
    }

    /**
     * The coin's points with {@code from <= time <= min(to, now)} on the granularity's UTC-aligned instants (the
     * recorded history keeps its own recorded times); {@code withNow} adds the point at {@code now} itself, as a
     * {@code market_chart?days=} answer ends with the current value.
     */
    ObjectNode chart(String coin, Instant from, Instant to, ChartGranularity granularity, Instant now,
            boolean withNow) {
        Map<ChartSeries, ArrayNode> arrays = new EnumMap<>(ChartSeries.class);
        ObjectNode answer = mapper.createObjectNode();
        for (ChartSeries series : ChartSeries.values()) {
            arrays.put(series, answer.putArray(series.jsonName()));
        }
        Instant replayStart = replay.wallStart();
        Instant end = to.isAfter(now) ? now : to;
        Instant historyEnd = end.isBefore(replayStart) ? end : replayStart.minusMillis(1);
        for (ChartSeries series : ChartSeries.values()) {
            for (RecordedHistory.Point p : history().points(coin, series, granularity, from, historyEnd)) {
                arrays.get(series).addArray().add(p.at()).add(p.value());
            }
        }
        // The replayed market runs at the replay's speed, and so does its chart: at speed 20 a 5-minute chart of
        // the replayed time has a point every 15 wall-clock seconds, as a poll every 30 s is one every 1.5 s.
        Duration step = replay.replayClock().wallSpan(granularity.step());
        Instant first = ChartGranularity.firstAtOrAfter(from.isAfter(replayStart) ? from : replayStart, step);
        Instant last = first;
        for (Instant at = first; !at.isAfter(end); at = at.plus(step)) {
            add(arrays, at, replay.recordAt(coin, at));
            last = at;
        }
        boolean nowInRange = !now.isBefore(from) && !now.isAfter(to) && !now.isBefore(replayStart);
        if (withNow && nowInRange && !now.equals(last)) {
            add(arrays, now, replay.recordAt(coin, now));
        }
        return answer;
    }

    private static void add(Map<ChartSeries, ArrayNode> arrays, Instant at, Optional<JsonNode> record) {
        if (record.isEmpty()) {
            return; // not listed at that instant: a poll then would not have seen it either
        }
        for (ChartSeries series : ChartSeries.values()) {
            JsonNode value = record.get().get(series.marketsField());
            // A field the record lacks (null) has no point, as the three arrays of a real answer need not align.
            if (value != null && value.isNumber()) {
                arrays.get(series).addArray().add(at.toEpochMilli()).add(value);
            }
        }
    }
}
