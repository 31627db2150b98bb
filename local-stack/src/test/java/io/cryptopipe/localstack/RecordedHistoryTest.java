package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
    private static final String POLLED = "coingecko/series/markets-30min-27coins-2026-08-01_to_2026-08-15.csv";
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

    @Test
    void otherCoinsHaveTheLedgersPollsBeforeTheRecordedDayUnscaled() throws Exception {
        Instant now = Instant.parse("2026-11-25T09:00:00Z");
        CoinGeckoStandIn standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
        Instant start = standIn.replayStart();
        long shift = start.toEpochMilli() - Instant.parse("2026-08-10T00:00:00Z").toEpochMilli();
        Map<Long, Double> recorded = new HashMap<>();
        try (BufferedReader rows = new BufferedReader(new InputStreamReader(RecordedFiles.open(POLLED),
                StandardCharsets.UTF_8))) {
            rows.readLine();
            rows.lines().map(line -> line.split(",", -1)).filter(cells -> cells[2].equals("ethereum"))
                    // At the fetch time, or the scheduled slot where the fetch time was not recorded.
                    .forEach(cells -> recorded.put(Instant.parse(cells[1].isEmpty() ? cells[0] : cells[1])
                            .toEpochMilli() + shift, Double.parseDouble(cells[5])));
        }

        JsonNode prices = standIn.marketChartRange("ethereum", start.minus(Duration.ofDays(12)).getEpochSecond(),
                now.getEpochSecond()).orElseThrow().get("prices");

        int history = 0;
        JsonNode last = null;
        JsonNode firstReplayed = null;
        for (JsonNode point : prices) {
            if (point.get(0).asLong() < start.toEpochMilli()) {
                assertThat(recorded).containsEntry(point.get(0).asLong(), point.get(1).asDouble());
                last = point;
                history++;
            } else if (firstReplayed == null) {
                firstReplayed = point;
            }
        }
        // Nine days of hourly points (two polls of 2026-08-05 are missing), the last one in the replay's last hour.
        assertThat(history).isBetween(9 * 24 - 2, 9 * 24);
        assertThat(start.toEpochMilli() - last.get(0).asLong()).isLessThan(Duration.ofHours(1).toMillis());
        // At 5 minutes every poll: the last one is the recorded day's eve, half an hour before the replay's first.
        JsonNode lastDay = standIn.marketChartRange("ethereum", now.minus(Duration.ofDays(1)).getEpochSecond(),
                now.getEpochSecond()).orElseThrow().get("prices");
        JsonNode eve = null;
        for (JsonNode point : lastDay) {
            eve = point.get(0).asLong() < start.toEpochMilli() ? point : eve;
        }
        assertThat(start.toEpochMilli() - eve.get(0).asLong()).isLessThan(Duration.ofMinutes(30).toMillis());
        assertThat(recorded).containsEntry(eve.get(0).asLong(), eve.get(1).asDouble());
        assertThat(firstReplayed.get(1).asDouble()).isCloseTo(eve.get(1).asDouble(),
                within(eve.get(1).asDouble() * 0.01));
        assertThat(standIn.marketChartRange("tether", start.minus(Duration.ofDays(12)).getEpochSecond(),
                start.getEpochSecond()).orElseThrow().get("prices")).hasSizeGreaterThan(9 * 24 - 2);
        JsonNode noHistory = standIn.marketChartRange("aave", start.minus(Duration.ofDays(12)).getEpochSecond(),
                now.getEpochSecond()).orElseThrow().get("prices");
        assertThat(noHistory.get(0).get(0).asLong()).isEqualTo(start.toEpochMilli());
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
