package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The recorded history and the replayed day are one market: bitcoin's history ends where the replay begins, at the
 * value the replay serves first, with the recorded shape (a ratio per series) and times of day (whole days moved).
 */
class RecordedHistoryTest {

    private static final String FIVE_MINUTES =
            "coingecko/market_chart/market_chart-bitcoin-1d-5min-2021-05-15T0820Z_to_2021-05-16T0821Z.json";
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theHistoryMeetsTheReplayedDayWithoutAJump() throws Exception {
        // At any speed: the replay begins at the stand-in's first midnight, and so does the history end.
        for (double speed : new double[] {1, 60}) {
            Instant now = Instant.parse("2026-11-25T09:00:00Z");
            CoinGeckoStandIn standIn = new CoinGeckoStandIn(0, speed, Duration.ofSeconds(30),
                    Clock.fixed(now, ZoneOffset.UTC));
            Instant start = standIn.replayStart();
            assertThat(start).isEqualTo(now.truncatedTo(ChronoUnit.DAYS));
            JsonNode chart = standIn.marketChartRange("bitcoin", start.minus(Duration.ofHours(6)).getEpochSecond(),
                    now.getEpochSecond()).orElseThrow();
            JsonNode served = bitcoin(standIn, start);

            for (String[] series : new String[][] {{"prices", "current_price"}, {"market_caps", "market_cap"},
                    {"total_volumes", "total_volume"}}) {
                JsonNode points = chart.get(series[0]);
                JsonNode lastOfHistory = null;
                JsonNode firstReplayed = null;
                for (JsonNode point : points) {
                    if (point.get(0).asLong() < start.toEpochMilli()) {
                        lastOfHistory = point;
                    } else if (firstReplayed == null) {
                        firstReplayed = point;
                    }
                }
                assertThat(lastOfHistory).as(series[0]).isNotNull();
                assertThat(firstReplayed.get(0).asLong()).isEqualTo(start.toEpochMilli());
                assertThat(firstReplayed.get(1).asDouble()).isEqualTo(served.get(series[1]).asDouble());
                assertThat(lastOfHistory.get(0).asLong()).isGreaterThan(start.minus(Duration.ofMinutes(10)).toEpochMilli());
                assertThat(lastOfHistory.get(1).asDouble()).as(series[0] + " at speed " + speed)
                        .isCloseTo(firstReplayed.get(1).asDouble(), within(firstReplayed.get(1).asDouble() * 1e-9));
            }
        }
    }

    @Test
    void theHistoryKeepsTheRecordedShapeAndTimesOfDay() throws Exception {
        Instant now = Instant.parse("2026-11-25T09:00:00Z");
        CoinGeckoStandIn standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
        Instant start = standIn.replayStart();
        JsonNode recording;
        try (InputStream in = RecordedFiles.open(FIVE_MINUTES)) {
            recording = mapper.readTree(in);
        }
        // The recording's 2021-05-15 (UTC) is the day before the replay.
        long shift = start.toEpochMilli() - Instant.parse("2021-05-16T00:00:00Z").toEpochMilli();
        Map<Long, Double> recorded = new HashMap<>();
        recording.get("prices").forEach(p -> recorded.put(p.get(0).asLong() + shift, p.get(1).asDouble()));

        JsonNode served = standIn.marketChartRange("bitcoin", start.minus(Duration.ofHours(12)).getEpochSecond(),
                now.getEpochSecond()).orElseThrow().get("prices");

        Double ratio = null;
        int compared = 0;
        for (JsonNode point : served) {
            long at = point.get(0).asLong();
            if (at < start.toEpochMilli()) {
                assertThat(recorded).as("a served point of the history is a recorded one, at its time of day")
                        .containsKey(at);
                double pointRatio = point.get(1).asDouble() / recorded.get(at);
                if (ratio == null) {
                    ratio = pointRatio;
                }
                assertThat(pointRatio).isCloseTo(ratio, within(ratio * 1e-12));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(12 * 10);
        // The history is scaled up to the 2026 replay: bitcoin cost about a third less on 2021-05-15.
        assertThat(ratio).isBetween(1.2, 1.6);
    }

    private static JsonNode bitcoin(CoinGeckoStandIn standIn, Instant at) {
        for (JsonNode record : standIn.marketAt(at)) {
            if (record.get("id").asText().equals("bitcoin")) {
                return record;
            }
        }
        throw new AssertionError("bitcoin not served at " + at);
    }
}
