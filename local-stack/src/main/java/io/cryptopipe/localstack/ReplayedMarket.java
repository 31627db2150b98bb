package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The recorded day's polls laid on wall-clock time (see {@link ReplayClock}): which poll is in effect at an instant,
 * and so what {@code /coins/markets} answers then, whole or for one coin. One snapshot is in effect per refresh
 * window, like the API's cache. The chart endpoints read their points from here too, so that a point at an instant
 * carries exactly what a poll at that instant was served.
 */
final class ReplayedMarket {

    private static final DateTimeFormatter COINGECKO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final int RECORDED_COINS = 250;

    private final ObjectMapper mapper;
    private final RecordedPolls recorded;
    private final ReplayClock replayClock;
    private final Duration refreshWindow;
    private final int coins;
    /** Per recorded poll, its records by coin id; and every id any recorded poll listed, in id order. */
    private final List<Map<String, JsonNode>> byId = new ArrayList<>();
    private final SortedSet<String> recordedIds = new TreeSet<>();
    private Instant cachedWindow;
    private List<ObjectNode> cachedMarket;

    /**
     * @param wallStart     the wall-clock instant the recorded day's midnight is replayed at (the replay's first loop)
     * @param coins         how many coins are listed: more than the recorded 250 adds synthetic ones
     *                      (see {@link SyntheticMarket})
     */
    ReplayedMarket(ObjectMapper mapper, Instant wallStart, double speed, Duration refreshWindow, int coins) {
        this.mapper = mapper;
        this.recorded = RecordedPolls.load(mapper);
        this.refreshWindow = refreshWindow;
        this.coins = coins;
        for (RecordedPolls.Poll poll : recorded.polls()) {
            Map<String, JsonNode> ids = new HashMap<>();
            poll.records().forEach(r -> ids.put(r.path("id").asText(), r));
            byId.add(ids);
            recordedIds.addAll(ids.keySet());
        }
        this.replayClock = new ReplayClock(wallStart, recorded.dayStart(), speed);
    }

    ReplayClock replayClock() {
        return replayClock;
    }

    /** The wall-clock instant the replay begins: before it lies the recorded history, see {@link RecordedHistory}. */
    Instant wallStart() {
        return replayClock.shift(recorded.dayStart(), 0);
    }

    /** Midnight (UTC) of the recorded day. */
    Instant recordedDayStart() {
        return recorded.dayStart();
    }

    int pollCount() {
        return recorded.polls().size();
    }

    int coins() {
        return coins;
    }

    /** Whether a recorded poll ever listed the coin (a synthetic coin is not). */
    boolean recorded(String id) {
        return recordedIds.contains(id);
    }

    /** The first recorded poll's record of the coin: what the replay serves the moment it begins. */
    Optional<JsonNode> firstRecord(String id) {
        return Optional.ofNullable(byId.get(0).get(id));
    }

    /**
     * The whole snapshot served at a wall-clock instant: every recorded record of the poll in effect, with
     * {@code last_updated} shifted to the present.
     */
    ArrayNode snapshotAt(Instant wall) {
        InEffect now = inEffect(wall);
        ArrayNode shifted = mapper.createArrayNode();
        for (JsonNode record : recorded.polls().get(now.poll()).records()) {
            shifted.add(shifted(record, now.loop()));
        }
        return shifted;
    }

    /**
     * Every coin listed at a wall-clock instant, ordered by market cap (descending, ties by id): the snapshot of its
     * refresh window, widened to {@code coins}. Built once per window, as the API's cache serves one answer.
     */
    synchronized List<ObjectNode> marketAt(Instant wall, Comparator<JsonNode> byMarketCap) {
        Instant window = windowStart(wall);
        if (!window.equals(cachedWindow)) {
            ArrayNode base = coins <= RECORDED_COINS ? snapshotAt(wall) : everyRecordedCoinAt(wall);
            cachedMarket = List.copyOf(SyntheticMarket.widen(base, coins, byMarketCap));
            cachedWindow = window;
        }
        return cachedMarket;
    }

    /**
     * One recorded coin as {@code /coins/markets} served it at a wall-clock instant (its {@code last_updated} not
     * shifted): empty when the coin was not listed then.
     */
    Optional<JsonNode> recordAt(String id, Instant wall) {
        InEffect now = inEffect(wall);
        if (coins <= RECORDED_COINS) {
            return Optional.ofNullable(byId.get(now.poll()).get(id));
        }
        return Optional.ofNullable(latest(id, now).record());
    }

    /**
     * Every coin the recorded day ever listed, each as its latest recorded poll (up to the one in effect) showed it:
     * a coin that left the recorded top 250 is still listed, with its last record (as the real API keeps listing a
     * coin that dropped in rank). The base the synthetic coins are derived from.
     */
    ArrayNode everyRecordedCoinAt(Instant wall) {
        InEffect now = inEffect(wall);
        ArrayNode listed = mapper.createArrayNode();
        for (String id : recordedIds) {
            Latest latest = latest(id, now);
            listed.add(shifted(latest.record(), latest.loop()));
        }
        return listed;
    }

    private record Latest(JsonNode record, long loop) {
    }

    private Latest latest(String id, InEffect now) {
        for (int i = now.poll(); i >= 0; i--) {
            JsonNode record = byId.get(i).get(id);
            if (record != null) {
                return new Latest(record, now.loop());
            }
        }
        for (int i = byId.size() - 1; i > now.poll(); i--) {
            JsonNode record = byId.get(i).get(id);
            if (record != null) {
                return new Latest(record, now.loop() - 1);
            }
        }
        return new Latest(null, now.loop());
    }

    private record InEffect(int poll, long loop) {
    }

    private InEffect inEffect(Instant wall) {
        ReplayClock.Position position = replayClock.position(windowStart(wall));
        Instant recordedNow = replayClock.recordedAt(position);
        int poll = -1;
        for (int i = 0; i < recorded.polls().size(); i++) {
            if (!recorded.polls().get(i).fetchedAt().isAfter(recordedNow)) {
                poll = i;
            }
        }
        if (poll >= 0) {
            return new InEffect(poll, position.loop());
        }
        if (position.loop() == 0) {
            // The replay's first minutes meet the recorded history, which ends where the day's first poll begins.
            return new InEffect(0, 0);
        }
        // Before the day's first fetch the previous loop's last poll is still the latest answer.
        return new InEffect(recorded.polls().size() - 1, position.loop() - 1);
    }

    private ObjectNode shifted(JsonNode record, long loop) {
        ObjectNode copy = record.deepCopy();
        JsonNode lastUpdated = record.get("last_updated");
        if (lastUpdated != null && lastUpdated.isTextual()) {
            Instant moved = replayClock.shift(Instant.parse(lastUpdated.asText()), loop);
            copy.put("last_updated", COINGECKO_TIME.format(moved.truncatedTo(ChronoUnit.MILLIS)));
        }
        return copy;
    }

    private Instant windowStart(Instant wall) {
        return Instant.ofEpochMilli(Math.floorDiv(wall.toEpochMilli(), refreshWindow.toMillis())
                * refreshWindow.toMillis());
    }
}
