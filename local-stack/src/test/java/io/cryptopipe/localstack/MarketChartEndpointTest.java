package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code market_chart} and {@code market_chart/range} over real HTTP, against CoinGecko's documented granularity
 * rules, and against the recorded polls: a replayed point is what {@code /coins/markets} served at its instant.
 */
class MarketChartEndpointTest {

    /** 14:00 on the stand-in's clock: the replay (speed 1) began at midnight, 14 recorded hours ago. */
    private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
    private static final Instant MIDNIGHT = NOW.truncatedTo(ChronoUnit.DAYS);
    private static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String PRO_KEY = "CG-test-pro-key";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordedPolls RECORDED = RecordedPolls.load(MAPPER);
    private static CoinGeckoStandIn standIn;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One stand-in for every test: its clock stands still, so each answers as if alone. */
    @BeforeAll
    static void start() throws IOException {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void theLastDayIsFiveMinutePointsAndEachReplayedOneCarriesThePollInEffectAtItsInstant() throws Exception {
        JsonNode chart = get("/coins/ethereum/market_chart?vs_currency=usd&days=1", null);

        // Since the replay began: one point per 5 minutes up to now (before it, the recorded 30-minute polls).
        List<Long> all = times(chart.get("prices"));
        List<Long> times = replayed(all);
        int first = all.size() - times.size();
        assertThat(times.get(0)).isEqualTo(MIDNIGHT.toEpochMilli());
        assertThat(times.get(times.size() - 1)).isEqualTo(NOW.toEpochMilli());
        assertThat(times).hasSize((int) ((NOW.toEpochMilli() - MIDNIGHT.toEpochMilli()) / FIVE_MINUTES) + 1);
        for (int i = 0; i < times.size(); i++) {
            assertThat(times.get(i) % FIVE_MINUTES).isZero();
            JsonNode expected = recordedInEffect("ethereum", Instant.ofEpochMilli(times.get(i)));
            assertThat(chart.get("prices").get(first + i).get(1)).isEqualTo(expected.get("current_price"));
            assertThat(chart.get("market_caps").get(first + i).get(1)).isEqualTo(expected.get("market_cap"));
            assertThat(chart.get("total_volumes").get(first + i).get(1)).isEqualTo(expected.get("total_volume"));
        }
        assertThat(steps(history(all))).isNotEmpty().allMatch(s -> s > 25 * 60_000 && s < 35 * 60_000);
    }

    @Test
    void aFasterReplayHasItsFiveMinutePointsAsMuchCloserTogether() {
        // At speed 20, 14 replayed hours are 42 wall-clock minutes after midnight; a 5-minute step is 15 s.
        Instant now = MIDNIGHT.plus(Duration.ofMinutes(42));
        CoinGeckoStandIn fast = new CoinGeckoStandIn(0, 20, Duration.ofMillis(1500), Clock.fixed(now, ZoneOffset.UTC));
        JsonNode chart = fast.marketChartRange("ethereum", now.minus(Duration.ofHours(2)).getEpochSecond(),
                now.getEpochSecond()).orElseThrow();

        List<Long> times = replayed(times(chart.get("prices")));
        assertThat(times.get(0)).isEqualTo(MIDNIGHT.toEpochMilli());
        assertThat(times).hasSize(42 * 4 + 1);
        assertThat(steps(times)).containsOnly(Duration.ofSeconds(15).toMillis());
    }

    @Test
    void aRangeOfADayEndingNowIsFiveMinutesAndTheSameDayEndingEarlierIsHourly() throws Exception {
        long from = NOW.minus(Duration.ofHours(20)).getEpochSecond();

        JsonNode endingNow = range("bitcoin", from, NOW.getEpochSecond(), null);
        JsonNode endingEarlier = range("bitcoin", from - 3600, NOW.minus(Duration.ofHours(1)).getEpochSecond(), null);

        List<Long> recent = replayed(times(endingNow.get("prices")));
        assertThat(steps(recent)).containsOnly(FIVE_MINUTES);
        assertThat(recent.get(recent.size() - 1)).isEqualTo(NOW.toEpochMilli());
        List<Long> earlier = replayed(times(endingEarlier.get("prices")));
        assertThat(steps(earlier)).containsOnly(HOUR);
        assertThat(earlier).allMatch(t -> t % HOUR == 0);
        assertThat(earlier.get(earlier.size() - 1)).isEqualTo(NOW.minus(Duration.ofHours(1)).toEpochMilli());
        // Before the replay the recorded history keeps its own times: 5-minute ones, then hourly ones.
        assertThat(steps(history(times(endingNow.get("prices"))))).allMatch(s -> s < 10 * 60_000);
        assertThat(steps(history(times(endingEarlier.get("prices"))))).allMatch(s -> s > 30 * 60_000);
    }

    @Test
    void upToNinetyDaysIsHourlyAndBeyondIsDailyAtMidnight() throws Exception {
        long now = NOW.getEpochSecond();

        JsonNode week = range("bitcoin", now - 7 * 86_400, now, null);
        JsonNode halfYear = range("bitcoin", now - 180 * 86_400, now, null);

        assertThat(steps(replayed(times(week.get("prices"))))).containsOnly(HOUR);
        assertThat(history(times(week.get("prices")))).hasSizeGreaterThan(6 * 23);
        List<Long> daily = times(halfYear.get("prices"));
        assertThat(daily).allMatch(t -> t % DAY == 0);
        assertThat(steps(daily)).containsOnly(DAY);
        // The recorded history holds 30 days before the replay; today's midnight is the replay's first point.
        assertThat(daily).hasSizeBetween(30, 32).last().isEqualTo(MIDNIGHT.toEpochMilli());
        JsonNode max = get("/coins/bitcoin/market_chart?vs_currency=usd&days=max", null);
        assertThat(times(max.get("prices")).subList(0, daily.size())).isEqualTo(daily);
        assertThat(times(max.get("prices"))).last().isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void isoDatesAreReadAsUtcLikeUnixSeconds() throws Exception {
        JsonNode iso = get("/coins/bitcoin/market_chart/range?vs_currency=usd&from=2026-11-20&to=2026-11-24T06:30",
                null);
        JsonNode unix = range("bitcoin", Instant.parse("2026-11-20T00:00:00Z").getEpochSecond(),
                Instant.parse("2026-11-24T06:30:00Z").getEpochSecond(), null);

        assertThat(iso).isEqualTo(unix);
        assertThat(iso.get("prices").size()).isGreaterThan(90);
    }

    @Test
    void intervalOverridesAreDailyForEveryKeyHourlyForAPaidKeyAndFiveMinutesForEnterprise() throws Exception {
        long now = NOW.getEpochSecond();
        String week = "/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + (now - 7 * 86_400) + "&to=" + now;

        assertThat(times(get(week + "&interval=daily", null).get("prices"))).allMatch(t -> t % DAY == 0);
        HttpResponse<String> keyless = send(week + "&interval=hourly", null);
        assertThat(keyless.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(keyless.body()).at("/status/error_code").asInt()).isEqualTo(10005);
        assertThat(send(week + "&interval=5m", PRO_KEY).statusCode()).as("5m on a plan that is not Enterprise")
                .isEqualTo(401);
        JsonNode hourlyDay = get("/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + (now - 3 * 3600) + "&to="
                + now + "&interval=hourly", PRO_KEY);
        assertThat(steps(times(hourlyDay.get("prices")))).containsOnly(HOUR);
        assertThat(send("/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + (now - 101 * 86_400) + "&to="
                + now + "&interval=hourly", PRO_KEY).statusCode()).isEqualTo(400);

        standIn.plan(StandInPlan.of("Enterprise", 1000, 1_000_000));
        try {
            JsonNode fiveMinutes = get(week + "&interval=5m", PRO_KEY);
            assertThat(steps(replayed(times(fiveMinutes.get("prices"))))).containsOnly(FIVE_MINUTES);
        } finally {
            standIn.plan(StandInPlan.DOCUMENTED_EXAMPLE);
        }
    }

    @Test
    void refusesWhatCoinGeckoRefuses() throws Exception {
        long now = NOW.getEpochSecond();

        assertThat(send("/coins/no-such-coin/market_chart?vs_currency=usd&days=1", null).statusCode()).isEqualTo(404);
        assertThat(send("/coins/bitcoin/market_chart?days=1", null).body())
                .isEqualTo("{\"error\":\"Missing parameter vs_currency\"}");
        assertThat(send("/coins/bitcoin/market_chart?vs_currency=usd", null).statusCode()).isEqualTo(422);
        assertThat(send("/coins/bitcoin/market_chart/range?vs_currency=usd&to=" + now, null).body())
                .isEqualTo("{\"error\":\"Missing parameter from\"}");
        assertThat(send("/coins/bitcoin/market_chart/range?vs_currency=usd&from=yesterday&to=" + now, null)
                .statusCode()).isEqualTo(400);
        assertThat(send("/coins/bitcoin/market_chart/ohlc", null).statusCode()).isEqualTo(404);
    }

    /** The coin's record in the last recorded poll fetched by the recorded instant replayed at {@code wall}. */
    private JsonNode recordedInEffect(String coin, Instant wall) {
        Instant recordedNow = RECORDED.dayStart().plus(Duration.between(MIDNIGHT, wall));
        RecordedPolls.Poll inEffect = RECORDED.polls().get(0);
        for (RecordedPolls.Poll poll : RECORDED.polls()) {
            if (!poll.fetchedAt().isAfter(recordedNow)) {
                inEffect = poll;
            }
        }
        for (JsonNode record : inEffect.records()) {
            if (record.get("id").asText().equals(coin)) {
                return record;
            }
        }
        throw new AssertionError(coin + " not in the poll fetched at " + inEffect.fetchedAt());
    }

    private static List<Long> times(JsonNode points) {
        List<Long> times = new ArrayList<>();
        points.forEach(p -> times.add(p.get(0).asLong()));
        return times;
    }

    private static List<Long> replayed(List<Long> times) {
        return times.stream().filter(t -> t >= MIDNIGHT.toEpochMilli()).toList();
    }

    private static List<Long> history(List<Long> times) {
        return times.stream().filter(t -> t < MIDNIGHT.toEpochMilli()).toList();
    }

    private static List<Long> steps(List<Long> times) {
        List<Long> steps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            steps.add(times.get(i) - times.get(i - 1));
        }
        return steps;
    }

    private JsonNode range(String coin, long from, long to, String proKey) throws Exception {
        return get("/coins/" + coin + "/market_chart/range?vs_currency=usd&from=" + from + "&to=" + to, proKey);
    }

    private JsonNode get(String path, String proKey) throws Exception {
        HttpResponse<String> response = send(path, proKey);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String proKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3" + path));
        if (proKey != null) {
            request.header("x-cg-pro-api-key", proKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
