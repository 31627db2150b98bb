package io.cryptopipe.store.rest;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.store.StoreStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Price buckets are candles computed by the wire server's aggregation, told apart by where their points came from:
 * raw documents observed by polls (with {@code source: "poll"} or, stored before the field existed, without one)
 * and repaired from CoinGecko's history ({@code "repair"}, {@code "backfill"}), inserted in random order so that
 * open and close come from the time order, not the insertion order. The reference is computed here in plain Java.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class PriceCandlesTest {

    private static final Logger LOG = Logger.getLogger(PriceCandlesTest.class);
    private static final String COIN = "candle-probe";
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration LENGTH = Duration.ofHours(3);
    /** The hole that was repaired: every point inside it came from the history. */
    private static final Instant HOLE_FROM = START.plus(Duration.ofMinutes(80));
    private static final Instant HOLE_TO = START.plus(Duration.ofMinutes(100));

    @Inject
    MongoClient mongoClient;

    @AfterEach
    void removeTheProbe() {
        raw().deleteMany(new Document("coin_id", COIN));
        daily().deleteMany(new Document("coin_id", COIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "5m", "1h"})
    void bucketsAreCandlesCountingTheirRepairedPoints(String step) {
        long seed = new SecureRandom().nextLong();
        LOG.infof("%s: seed %d", COIN, seed);
        List<Document> points = randomPoints(new Random(seed));
        List<Document> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(seed + 1));
        raw().insertMany(shuffled);
        long stepMillis = switch (step) {
            case "1m" -> 60_000L;
            case "5m" -> 300_000L;
            default -> 3_600_000L;
        };
        Map<Long, Expected> expected = expected(points, stepMillis);

        JsonPath series = api().queryParam("from", START.toString()).queryParam("to", START.plus(LENGTH).toString())
                .queryParam("step", step).get("/api/coins/" + COIN + "/prices").then().statusCode(200)
                .extract().jsonPath();

        List<Map<String, Object>> candles = series.getList("points");
        assertThat(candles).as("seed %d", seed).hasSameSizeAs(expected.keySet());
        List<Long> buckets = new ArrayList<>(expected.keySet());
        for (int i = 0; i < candles.size(); i++) {
            Map<String, Object> candle = candles.get(i);
            Expected want = expected.get(buckets.get(i));
            String at = "seed " + seed + ", bucket " + Instant.ofEpochMilli(buckets.get(i));
            assertThat(Instant.parse((String) candle.get("t")).toEpochMilli()).as(at).isEqualTo(buckets.get(i));
            assertThat(number(candle, "open")).as(at).isEqualTo(want.open());
            assertThat(number(candle, "high")).as(at).isEqualTo(want.high());
            assertThat(number(candle, "low")).as(at).isEqualTo(want.low());
            assertThat(number(candle, "close")).as(at).isEqualTo(want.close());
            assertThat(number(candle, "avg")).as(at).isCloseTo(want.avg(), within(1e-9 * want.avg()));
            assertThat(((Number) candle.get("count")).intValue()).as(at).isEqualTo(want.count());
            assertThat(((Number) candle.get("repaired")).intValue()).as(at).isEqualTo(want.repaired());
        }
        // The data has what the candles must tell apart: buckets wholly observed, mixed and (but hourly) wholly repaired.
        assertThat(expected.values()).anyMatch(e -> e.repaired() == 0)
                .anyMatch(e -> e.repaired() > 0 && e.repaired() < e.count());
        if (stepMillis < 3_600_000L) {
            assertThat(expected.values()).anyMatch(e -> e.repaired() == e.count());
        }
        assertThat(expected.values()).anyMatch(e -> e.count() > 1 && e.open() != e.close());
    }

    @Test
    void dailyCandlesShowTheTimeWeightedAverageAndBothCoveragesNullWhereAnOlderJobWroteNone() {
        raw().insertOne(point(START, 1.0, "poll"));
        daily().insertMany(List.of(
                new Document("coin_id", COIN).append("date", "2026-03-01").append("open_price", 1.0),
                new Document("coin_id", COIN).append("date", "2026-03-02").append("open_price", 1.0)
                        .append("quality", new Document("coverage", 0.9).append("longest_gap_seconds", 3600)),
                new Document("coin_id", COIN).append("date", "2026-03-03").append("open_price", 1.0)
                        .append("twap", 1.25).append("twap_seconds", 85_800)
                        .append("quality", new Document("coverage", 0.8).append("repaired_coverage", 0.15)
                                .append("repaired_points", 36).append("longest_gap_seconds", 300))));

        JsonPath days = api().queryParam("from", "2026-03-01").queryParam("to", "2026-03-03")
                .get("/api/coins/" + COIN + "/daily").then().statusCode(200).extract().jsonPath();

        assertThat(days.getList("date")).containsExactly("2026-03-01", "2026-03-02", "2026-03-03");
        Map<String, Object> oldest = days.getMap("[0]");
        assertThat(oldest).containsEntry("twap", null).containsEntry("twap_seconds", null)
                .containsEntry("quality", null);
        Map<String, Object> older = days.getMap("[1]");
        assertThat(older).containsEntry("twap", null).containsEntry("twap_seconds", null);
        assertThat(days.getMap("[1].quality")).containsEntry("coverage", 0.9).containsEntry("repaired_coverage", null)
                .containsKey("longest_gap_seconds");
        assertThat(days.getDouble("[2].twap")).isEqualTo(1.25);
        assertThat(days.getInt("[2].twap_seconds")).isEqualTo(85_800);
        assertThat(days.getMap("[2].quality")).containsEntry("coverage", 0.8).containsEntry("repaired_coverage", 0.15);
        assertThat(days.getInt("[2].quality.repaired_points")).isEqualTo(36);
    }

    /**
     * Points at random distinct seconds over the range, about one every 30 s: polled (half of them with
     * {@code source: "poll"}, half stored without a source), in the first hour now and then a backfilled one among
     * them, and only repaired ones inside {@link #HOLE_FROM}..{@link #HOLE_TO}.
     */
    private static List<Document> randomPoints(Random random) {
        Set<Long> seconds = new HashSet<>();
        while (seconds.size() < LENGTH.toSeconds() / 30) {
            seconds.add((long) random.nextInt((int) LENGTH.toSeconds()));
        }
        List<Document> points = new ArrayList<>();
        double price = 100;
        for (long second : seconds.stream().sorted().toList()) {
            Instant at = START.plusSeconds(second);
            price = Math.max(1, price + random.nextGaussian());
            String source;
            if (!at.isBefore(HOLE_FROM) && at.isBefore(HOLE_TO)) {
                source = "repair";
            } else if (at.isBefore(START.plus(Duration.ofHours(1))) && random.nextInt(5) == 0) {
                source = "backfill";
            } else {
                source = random.nextBoolean() ? "poll" : null;
            }
            points.add(point(at, Math.round(price * 1e6) / 1e6, source));
        }
        return points;
    }

    private static Document point(Instant at, double price, String source) {
        Document doc = new Document("coin_id", COIN).append("timestamp", Date.from(at)).append("fetched_at",
                Date.from(at)).append("schema_version", 1).append("symbol", "cndl").append("name", "Candle Probe")
                .append("current_price", price).append("market_cap_rank", null);
        return source == null ? doc : doc.append("source", source);
    }

    private record Expected(double open, double high, double low, double close, double avg, int count, int repaired) {
    }

    private static Map<Long, Expected> expected(List<Document> points, long stepMillis) {
        Map<Long, List<Document>> grouped = new TreeMap<>();
        points.stream().sorted(Comparator.comparing(d -> d.getDate("timestamp"))).forEach(d -> grouped
                .computeIfAbsent(Math.floorDiv(d.getDate("timestamp").getTime(), stepMillis) * stepMillis,
                        k -> new ArrayList<>()).add(d));
        Map<Long, Expected> result = new LinkedHashMap<>();
        grouped.forEach((bucket, docs) -> {
            double[] prices = docs.stream().mapToDouble(d -> d.getDouble("current_price")).toArray();
            int repaired = (int) docs.stream().map(d -> d.getString("source"))
                    .filter(s -> "repair".equals(s) || "backfill".equals(s)).count();
            result.put(bucket, new Expected(prices[0], Arrays.stream(prices).max().orElseThrow(),
                    Arrays.stream(prices).min().orElseThrow(), prices[prices.length - 1],
                    Arrays.stream(prices).average().orElseThrow(), prices.length, repaired));
        });
        return result;
    }

    private static double number(Map<String, Object> candle, String field) {
        return ((Number) candle.get(field)).doubleValue();
    }

    private MongoCollection<Document> raw() {
        return collection(CollectionNames.RAW);
    }

    private MongoCollection<Document> daily() {
        return collection(CollectionNames.DAILY);
    }

    private MongoCollection<Document> collection(String name) {
        return mongoClient.getDatabase(ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class))
                .getCollection(name);
    }

    private static RequestSpecification api() {
        return given().config(RestAssuredConfig.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }
}
