package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in serving the whole market: 15,000 coins, paged like the real API, optionally rate limited. */
class CoinGeckoStandInAtScaleTest extends StandInTestBase {

    private static final Instant MIDDAY = Instant.parse("2026-11-25T12:00:00Z");
    private static final int COINS = 15_000;

    @Test
    void listsTheRecordedCoinsAndSyntheticOnesWithDistinctIdsInMarketCapOrderWithTies() {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), Clock.fixed(MIDDAY, ZoneOffset.UTC), COINS, 0);
        List<ObjectNode> market = standIn.marketAt(MIDDAY);
        assertThat(market).hasSize(COINS);
        Set<String> ids = new HashSet<>();
        market.forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).hasSize(COINS);
        Set<String> recorded = new HashSet<>();
        standIn.snapshotAt(MIDDAY).forEach(r -> recorded.add(r.get("id").asText()));
        assertThat(ids).containsAll(recorded);
        // The recorded coins are the top; every synthetic coin has a smaller market cap than any of them.
        double smallestRecorded = market.stream().filter(c -> !synthetic(c) && c.get("market_cap").isNumber())
                .mapToDouble(c -> c.get("market_cap").asDouble()).min().orElseThrow();
        assertThat(market.stream().filter(c -> synthetic(c) && c.get("market_cap").isNumber()))
                .allMatch(c -> c.get("market_cap").asDouble() <= smallestRecorded);

        int ties = 0;
        for (int i = 1; i < market.size(); i++) {
            JsonNode above = market.get(i - 1).get("market_cap");
            JsonNode below = market.get(i).get("market_cap");
            if (above.isNumber() && below.isNumber()) {
                assertThat(below.asDouble()).isLessThanOrEqualTo(above.asDouble());
                if (below.asDouble() == above.asDouble()) {
                    ties++;
                    // Ties are ordered by id, as a stable paging order needs.
                    assertThat(market.get(i).get("id").asText()).isGreaterThan(market.get(i - 1).get("id").asText());
                }
            } else {
                assertThat(below.isNumber()).as("coins without a market cap come last").isFalse();
            }
        }
        assertThat(ties).isGreaterThan(100);
        // A synthetic coin's rank is its place in the list.
        for (int i = 0; i < market.size(); i++) {
            ObjectNode coin = market.get(i);
            if (synthetic(coin) && coin.get("market_cap").isNumber()) {
                assertThat(coin.get("market_cap_rank").asInt()).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void syntheticCoinsHaveTheRecordedShareOfNullsAndRealisticPrices() {
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), Clock.fixed(MIDDAY, ZoneOffset.UTC), COINS, 0);
        List<ObjectNode> market = standIn.marketAt(MIDDAY);
        List<JsonNode> recorded = new ArrayList<>(market.stream().filter(c -> !synthetic(c)).toList());
        List<ObjectNode> synthetic = market.stream().filter(CoinGeckoStandInAtScaleTest::synthetic).toList();
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(250);
        assertThat(synthetic).hasSize(COINS - recorded.size());
        for (String field : List.of("market_cap", "total_volume", "high_24h", "circulating_supply", "max_supply",
                "price_change_24h")) {
            double recordedShare = nullShare(recorded, field);
            double syntheticShare = nullShare(new ArrayList<>(synthetic), field);
            assertThat(syntheticShare).as(field + " null share").isCloseTo(recordedShare,
                    org.assertj.core.data.Offset.offset(0.02));
        }
        Map<String, Double> recordedPrice = new HashMap<>();
        recorded.forEach(r -> recordedPrice.put(r.get("id").asText(), r.get("current_price").asDouble()));
        for (ObjectNode coin : synthetic) {
            String id = coin.get("id").asText();
            String template = id.substring(0, id.lastIndexOf("-s"));
            double ratio = coin.get("current_price").asDouble() / recordedPrice.get(template);
            assertThat(ratio).as(id).isBetween(0.1, 10.0);
            assertThat(coin.get("last_updated")).isEqualTo(recorded.stream()
                    .filter(r -> r.get("id").asText().equals(template)).findFirst().orElseThrow().get("last_updated"));
        }
    }

    @Test
    void pagesOverHttpExactlyLikeTheApiAndAnswersByIds() throws Exception {
        // A clock that stands still: all 60 pages come from one snapshot.
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(60), new MutableClock(MIDDAY), COINS, 0).start();
        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= 60; page++) {
            JsonNode answer = get("/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=" + page);
            assertThat(answer).hasSize(250);
            answer.forEach(c -> paged.add(c.get("id").asText()));
        }
        assertThat(get("/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=61")).isEmpty();
        assertThat(get("/coins/markets?vs_currency=usd&per_page=1000&page=1")).as("per_page is capped").hasSize(250);
        assertThat(new HashSet<>(paged)).hasSize(COINS);
        assertThat(paged).isEqualTo(standIn.marketAt(MIDDAY).stream().map(c -> c.get("id").asText()).toList());
        String wanted = paged.get(14_999) + "," + paged.get(7_000) + ",bitcoin,no-such-coin";
        JsonNode byIds = get("/coins/markets?vs_currency=usd&ids=" + wanted);
        Set<String> answered = new HashSet<>();
        byIds.forEach(c -> answered.add(c.get("id").asText()));
        assertThat(answered).containsExactlyInAnyOrder(paged.get(14_999), paged.get(7_000), "bitcoin");
    }

    @Test
    void enforcesItsPerMinuteLimitWithA429AndRetryAfter() throws Exception {
        MutableClock clock = new MutableClock(MIDDAY);
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(60), clock, COINS, 3).start();
        String path = "/coins/markets?vs_currency=usd&per_page=250&page=1";
        for (int i = 0; i < 3; i++) {
            assertThat(send(path).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(10));
        }
        HttpResponse<String> refused = send(path);
        assertThat(refused.statusCode()).isEqualTo(429);
        // The first call was 30 s ago: it leaves the window in 30 s.
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(StandInRequests.json(refused.body()).path("status").path("error_code").asInt()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(29));
        assertThat(send(path).statusCode()).as("still inside the window").isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(path).statusCode()).isEqualTo(200);
        // The two refusals are logged with the time and Retry-After they were given; answered requests are not.
        assertThat(standIn.rateLimited()).extracting(CoinGeckoStandIn.RateLimited::at)
                .containsExactly(MIDDAY.plusSeconds(30), MIDDAY.plusSeconds(59));
        assertThat(standIn.rateLimited()).extracting(CoinGeckoStandIn.RateLimited::retryAfter)
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(standIn.rateLimited()).allSatisfy(r -> assertThat(r.query()).contains("page=1"));
        assertThat(standIn.faults().requests()).hasSize(6);
    }

    @Test
    void theTailsRanksMoveBetweenSnapshotsWhileEveryCoinStaysListed() {
        MutableClock clock = new MutableClock(MIDDAY);
        standIn = new CoinGeckoStandIn(0, 60, Duration.ofSeconds(30), clock, COINS, 0);
        List<String> before = standIn.marketAt(MIDDAY).stream().map(c -> c.get("id").asText()).toList();
        List<String> after = standIn.marketAt(MIDDAY.plusSeconds(30)).stream().map(c -> c.get("id").asText()).toList();
        assertThat(new HashSet<>(after)).isEqualTo(new HashSet<>(before));
        // Some coins cross a page boundary of 250 from one snapshot to the next.
        long crossed = before.stream().filter(id -> before.indexOf(id) / 250 != after.indexOf(id) / 250).count();
        assertThat(crossed).isGreaterThan(0);
    }

    private static boolean synthetic(JsonNode coin) {
        return coin.get("id").asText().matches(".*-s\\d+");
    }

    private static double nullShare(List<JsonNode> coins, String field) {
        return coins.stream().filter(c -> c.get(field) == null || c.get(field).isNull()).count()
                / (double) coins.size();
    }

    private JsonNode get(String path) throws Exception {
        return client().get(path);
    }

    private HttpResponse<String> send(String path) throws Exception {
        return client().send(path);
    }
}
