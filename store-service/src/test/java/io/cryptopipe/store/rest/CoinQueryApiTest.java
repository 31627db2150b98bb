package io.cryptopipe.store.rest;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.cryptopipe.testsupport.TestMongo;
import io.cryptopipe.store.RecordedDay;
import io.cryptopipe.store.StoreStackTestResource;
import io.cryptopipe.store.repository.QueryIndexes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class CoinQueryApiTest {

    @Inject
    MongoClient mongoClient;

    @Inject
    QueryIndexes queryIndexes;

    RecordedDay day;

    @BeforeEach
    void loadRecordedDay() {
        day = RecordedDay.load(mongoClient);
    }

    @Test
    void listsTheLatestObservationOfEveryCoinSortedByRankWithUnrankedLastPageByPage() {
        List<Map<String, Object>> coins = allPages(37, Map.of());

        List<String> ids = coins.stream().map(c -> (String) c.get("coin_id")).toList();
        assertThat(ids).containsAll(day.coinIds()).doesNotHaveDuplicates();
        List<Integer> ranks = coins.stream().map(c -> (Integer) c.get("market_cap_rank")).toList();
        List<Integer> ranked = ranks.stream().takeWhile(r -> r != null).toList();
        assertThat(ranked).isSorted();
        assertThat(ranks.subList(ranked.size(), ranks.size())).as("unranked coins come last")
                .isNotEmpty().containsOnlyNulls();
        assertThat(ids.subList(ranked.size(), ids.size())).contains(RecordedDay.UNRANKED_COIN).isSorted();
        for (String coin : List.of("bitcoin", "ethereum", "tether")) {
            Document latest = day.latest(coin);
            Map<String, Object> entry = coins.stream().filter(c -> coin.equals(c.get("coin_id"))).findFirst()
                    .orElseThrow();
            assertThat(((Number) entry.get("current_price")).doubleValue()).isEqualTo(latest.getDouble("current_price"));
            assertThat(((Number) entry.get("price_change_percentage_24h")).doubleValue())
                    .isEqualTo(latest.getDouble("price_change_percentage_24h"));
            assertThat(((Number) entry.get("market_cap")).doubleValue()).isEqualTo(latest.getDouble("market_cap"));
            assertThat(entry.get("market_cap_rank")).isEqualTo(latest.getInteger("market_cap_rank"));
            assertThat(Instant.parse((String) entry.get("observed_at")))
                    .isEqualTo(latest.getDate("timestamp").toInstant());
            assertThat(entry.get("symbol")).isEqualTo(latest.getString("symbol"));
        }
        // The same list as one page of the largest size, in the same order: the cursor neither skips nor repeats.
        assertThat(allPages(500, Map.of()).stream().map(c -> c.get("coin_id")).toList()).isEqualTo(ids);
    }

    @Test
    void answersOnePageOfTheDefaultSizeWithACursorToTheNext() {
        JsonPath first = api().get("/api/coins").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
        assertThat(first.getList("coins")).hasSize(100);
        assertThat(first.getString("coins[0].coin_id")).isEqualTo("bitcoin");
        String cursor = first.getString("next_cursor");
        assertThat(cursor).isNotBlank();
        JsonPath second = api().queryParam("cursor", cursor).get("/api/coins").then().statusCode(200)
                .extract().jsonPath();
        // Continues the order (rank, then id: other tests store coins of other snapshots, so ranks can repeat).
        int lastRank = first.getInt("coins[99].market_cap_rank");
        int nextRank = second.getInt("coins[0].market_cap_rank");
        assertThat(nextRank).isGreaterThanOrEqualTo(lastRank);
        if (nextRank == lastRank) {
            assertThat(second.getString("coins[0].coin_id")).isGreaterThan(first.getString("coins[99].coin_id"));
        }
        // The last page says so.
        JsonPath last = api().queryParam("ids", "bitcoin").get("/api/coins").then().statusCode(200)
                .extract().jsonPath();
        assertThat(last.getList("coins.coin_id")).containsExactly("bitcoin");
        assertThat(last.getMap("")).containsEntry("next_cursor", null);
    }

    @Test
    void aCoinStoredBetweenTwoPageRequestsDoesNotShiftTheNextPage() {
        JsonPath first = api().queryParam("limit", 10).get("/api/coins").then().statusCode(200).extract().jsonPath();
        List<String> expectedNext = api().queryParam("limit", 10).queryParam("cursor", first.getString("next_cursor"))
                .get("/api/coins").then().statusCode(200).extract().jsonPath().getList("coins.coin_id");
        MongoCollection<Document> raw = raw();
        Date now = new Date();
        raw.insertOne(new Document("coin_id", "cursor-probe").append("timestamp", now).append("fetched_at", now)
                .append("source", "poll").append("schema_version", 1).append("symbol", "probe")
                .append("name", "Cursor Probe").append("current_price", 1.0).append("market_cap_rank", 3));
        try {
            assertThat(api().queryParam("limit", 10).get("/api/coins").then().statusCode(200).extract().jsonPath()
                    .getList("coins.coin_id")).as("the new coin is on the first page now").contains("cursor-probe");
            assertThat(api().queryParam("limit", 10).queryParam("cursor", first.getString("next_cursor"))
                    .get("/api/coins").then().statusCode(200).extract().jsonPath().getList("coins.coin_id"))
                    .as("an offset would have moved every coin of page 2 by one").isEqualTo(expectedNext);
        } finally {
            raw.deleteMany(Filters.eq("coin_id", "cursor-probe"));
        }
    }

    @Test
    void filtersByIdsAndBySymbolOrNamePrefixIgnoringCaseAndPagesTheFilteredList() {
        api().queryParam("ids", "tether,bitcoin,no-such-coin,ethereum").get("/api/coins").then().statusCode(200)
                .body("coins.coin_id", org.hamcrest.Matchers.contains("bitcoin", "ethereum", "tether"))
                .body("next_cursor", nullValue());
        // "BTC" is Bitcoin's symbol; "ethe" starts the names Ethereum, Ethena, ... Expected: from every stored
        // document, newest per coin computed here (other tests of this module store coins too).
        Map<String, Document> latest = latestStored();
        List<String> byPrefix = allPages(500, Map.of("search", "BTC")).stream().map(c -> (String) c.get("coin_id"))
                .toList();
        assertThat(byPrefix).contains("bitcoin").containsExactlyInAnyOrderElementsOf(startingWith(latest, "btc"));
        List<Map<String, Object>> ethe = allPages(2, Map.of("search", "eThE"));
        List<String> expected = startingWith(latest, "ethe");
        assertThat(expected).hasSizeGreaterThan(2).contains("ethereum");
        assertThat(ethe.stream().map(c -> c.get("coin_id")).toList()).containsExactlyInAnyOrderElementsOf(expected)
                .startsWith("ethereum");
        // Regular-expression characters are text: a dot does not match any character.
        api().queryParam("search", "b.tcoin").get("/api/coins").then().statusCode(200).body("coins.size()", equalTo(0));
        api().queryParam("search", "bit").queryParam("ids", "bitcoin,ethereum").get("/api/coins").then()
                .statusCode(200).body("coins.coin_id", org.hamcrest.Matchers.contains("bitcoin"));
    }

    /** Every page from the first to the one without a next cursor, concatenated. */
    private static List<Map<String, Object>> allPages(int limit, Map<String, String> filters) {
        List<Map<String, Object>> coins = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = api().queryParam("limit", limit).queryParams(filters);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/coins").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("coins");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            coins.addAll(items);
            cursor = page.getString("next_cursor");
            assertThat(++pages).as("pages").isLessThan(1000);
        } while (cursor != null);
        return coins;
    }

    /** The newest stored document of every coin, by a plain walk over the collection. */
    private static Map<String, Document> latestStored() {
        Map<String, Document> latest = new java.util.HashMap<>();
        for (Document doc : raw().find()) {
            latest.merge(doc.getString("coin_id"), doc,
                    (a, b) -> a.getDate("timestamp").after(b.getDate("timestamp")) ? a : b);
        }
        return latest;
    }

    /** The coins whose latest symbol or name starts with the prefix, ignoring case. */
    private static List<String> startingWith(Map<String, Document> latest, String prefix) {
        return latest.values().stream()
                .filter(d -> d.getString("symbol").toLowerCase().startsWith(prefix)
                        || d.getString("name").toLowerCase().startsWith(prefix))
                .map(d -> d.getString("coin_id")).toList();
    }

    private static MongoCollection<Document> raw() {
        return io.quarkus.arc.Arc.container().instance(MongoClient.class).get()
                .getDatabase(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.mongodb.database", String.class))
                .getCollection(io.cryptopipe.contract.CollectionNames.RAW);
    }

    @ParameterizedTest
    @CsvSource({"1m, PT6H", "5m, PT24H", "1h, PT25H"})
    void downsamplesPricesToBucketAverageMinimumAndMaximumComputedInMongoDb(String step, Duration length) {
        Instant from = day.start().plus(Duration.ofMinutes(7));
        Instant to = from.plus(length);
        long stepMillis = switch (step) {
            case "1m" -> 60_000L;
            case "5m" -> 300_000L;
            default -> 3_600_000L;
        };
        Map<Long, double[]> expected = RecordedDay.buckets(day.observations("bitcoin"), from, to, stepMillis);

        JsonPath series = api().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("step", step)
                .get("/api/coins/bitcoin/prices").then().statusCode(200).body("step", equalTo(step))
                .body("coin_id", equalTo("bitcoin")).body("from", equalTo(from.toString()))
                .extract().jsonPath();

        List<Map<String, Object>> points = series.getList("points");
        assertThat(expected).hasSizeGreaterThan(1);
        assertThat(points).hasSameSizeAs(expected.keySet());
        List<Long> buckets = new ArrayList<>(expected.keySet());
        for (int i = 0; i < points.size(); i++) {
            Map<String, Object> point = points.get(i);
            double[] stats = expected.get(buckets.get(i));
            assertThat(Instant.parse((String) point.get("t")).toEpochMilli()).isEqualTo(buckets.get(i));
            assertThat(((Number) point.get("avg")).doubleValue()).isCloseTo(stats[0], within(1e-9 * stats[0]));
            assertThat(((Number) point.get("low")).doubleValue()).isEqualTo(stats[1]);
            assertThat(((Number) point.get("high")).doubleValue()).isEqualTo(stats[2]);
            assertThat(((Number) point.get("count")).intValue()).isEqualTo((int) stats[3]);
        }
        if (step.equals("1h")) {
            assertThat(expected.values()).as("hourly buckets hold two half-hourly polls")
                    .anyMatch(stats -> stats[3] >= 2 && stats[1] < stats[2]);
        }
    }

    @ParameterizedTest
    @CsvSource({"PT6H, 1m", "PT16H, 1m", "PT17H, 5m", "PT24H, 5m", "PT83H, 5m", "P7D, 1h", "P41D, 1h"})
    void choosesTheFinestStepWithinThePointLimitWhenNoneIsGiven(Duration length, String step) {
        Instant to = day.start().plus(Duration.ofHours(24));
        api().queryParam("from", to.minus(length).toString()).queryParam("to", to.toString())
                .get("/api/coins/bitcoin/prices").then().statusCode(200).body("step", equalTo(step));
    }

    @Test
    void defaultsToTheLastDayWhenNoRangeIsGiven() {
        JsonPath series = api().get("/api/coins/bitcoin/prices").then().statusCode(200)
                .body("step", equalTo("5m")).extract().jsonPath();
        Instant from = Instant.parse(series.getString("from"));
        Instant to = Instant.parse(series.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
        assertThat(to).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(series.getList("points")).isNotEmpty();
    }

    @Test
    void answersAnEmptySeriesForAKnownCoinWithoutObservationsInTheRange() {
        api().queryParam("from", "2001-01-01T00:00:00Z").queryParam("to", "2001-01-02T00:00:00Z")
                .get("/api/coins/bitcoin/prices").then().statusCode(200).body("points.size()", equalTo(0));
    }

    @Test
    void servesDailyCandlesWithTheQualityReportWhenTheJobWroteOne() {
        List<Document> expected = day.dailyDocuments("bitcoin");
        String first = expected.get(0).getString("date");
        String last = expected.get(expected.size() - 1).getString("date");

        JsonPath daily = api().queryParam("from", first).queryParam("to", last)
                .get("/api/coins/bitcoin/daily").then().statusCode(200).extract().jsonPath();

        assertThat(daily.getList("date")).containsExactlyElementsOf(expected.stream().map(d -> d.getString("date")).toList());
        for (int i = 0; i < expected.size(); i++) {
            Document doc = expected.get(i);
            String at = "[" + i + "].";
            assertThat(daily.getDouble(at + "open")).isEqualTo(doc.getDouble("open_price"));
            assertThat(daily.getDouble(at + "high")).isEqualTo(doc.getDouble("max_price"));
            assertThat(daily.getDouble(at + "low")).isEqualTo(doc.getDouble("min_price"));
            assertThat(daily.getDouble(at + "close")).isEqualTo(doc.getDouble("close_price"));
            assertThat(daily.getInt(at + "data_points")).isEqualTo(doc.getInteger("data_points"));
        }
        assertThat(daily.getDouble("[-1].quality.coverage")).isEqualTo(0.9583);
        assertThat(daily.getLong("[-1].quality.longest_gap_seconds")).isEqualTo(3600L);
        assertThat(daily.getString("[-1].quality.checked_at")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(daily.getDouble("[-1].quality.repaired_coverage")).isEqualTo(RecordedDay.REPAIRED_COVERAGE);
        assertThat(daily.getDouble("[-1].twap")).isEqualTo(expected.get(expected.size() - 1).getDouble("avg_price"));
        assertThat(daily.getInt("[-1].twap_seconds")).isEqualTo(RecordedDay.TWAP_SECONDS);
        if (expected.size() > 1) {
            assertThat(daily.getMap("[0]")).containsEntry("quality", null).containsEntry("twap", null)
                    .containsEntry("twap_seconds", null);
        }
        api().queryParam("from", last).queryParam("to", last).get("/api/coins/bitcoin/daily").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].date", equalTo(last))
                .body("[0].quality", notNullValue());
        api().queryParam("from", "2001-01-01").queryParam("to", "2001-01-31").get("/api/coins/bitcoin/daily")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "/api/coins/Bitcoin/prices   | step=1h                                              | 400 | invalid_coin_id",
            "/api/coins/bit%20coin/prices|                                                      | 400 | invalid_coin_id",
            "/api/coins/-bitcoin/daily   |                                                      | 400 | invalid_coin_id",
            "/api/coins/bitcoin%24/daily |                                                      | 400 | invalid_coin_id",
            "/api/coins/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/prices | | 400 | invalid_coin_id",
            "/api/coins/bitcoin/prices   | from=yesterday                                       | 400 | invalid_time",
            "/api/coins/bitcoin/prices   | to=2026-08-10                                        | 400 | invalid_time",
            "/api/coins/bitcoin/prices   | from=+1000000000-01-01T00:00:00Z                     | 400 | invalid_time",
            "/api/coins/bitcoin/prices   | from=2026-08-10T12:00:00Z&to=2026-08-10T11:00:00Z    | 400 | invalid_range",
            "/api/coins/bitcoin/prices   | from=2026-08-10T12:00:00Z&to=2026-08-10T12:00:00Z    | 400 | invalid_range",
            "/api/coins/bitcoin/prices   | from=2026-08-10T00:00:00Z&to=2026-08-10T17:00:00Z&step=1m | 400 | range_too_large",
            "/api/coins/bitcoin/prices   | from=2026-01-01T00:00:00Z&to=2026-08-10T00:00:00Z    | 400 | range_too_large",
            "/api/coins/bitcoin/prices   | from=0001-01-01T00:00:00Z&to=2026-08-10T00:00:00Z&step=1h | 400 | range_too_large",
            "/api/coins/bitcoin/prices   | step=1d                                              | 400 | invalid_step",
            "/api/coins/bitcoin/prices   | step=60                                              | 400 | invalid_step",
            "/api/coins/bitcoin/daily    | from=2026-13-01                                      | 400 | invalid_date",
            "/api/coins/bitcoin/daily    | to=2026-08-10T00:00:00Z                              | 400 | invalid_date",
            "/api/coins/bitcoin/daily    | from=2026-08-11&to=2026-08-10                        | 400 | invalid_range",
            "/api/coins/bitcoin/daily    | from=2024-01-01&to=2026-08-10                        | 400 | range_too_large",
            "/api/coins                  | limit=0                                              | 400 | invalid_limit",
            "/api/coins                  | limit=501                                            | 400 | invalid_limit",
            "/api/coins                  | limit=many                                           | 400 | invalid_limit",
            "/api/coins                  | cursor=not-a-cursor                                  | 400 | invalid_cursor",
            "/api/coins                  | ids=bitcoin,Ethereum                                 | 400 | invalid_coin_id",
            "/api/coins                  | search=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | 400 | invalid_filter",
            "/api/coins                  | search=bit%0Acoin                                    | 400 | invalid_filter",
            "/api/coins/no-such-coin/prices |                                                   | 404 | unknown_coin",
            "/api/coins/no-such-coin/daily  |                                                   | 404 | unknown_coin",
    })
    void refusesBadInputWithAJsonErrorAndNever500(String path, String query, int status, String error) {
        String url = path + (query == null ? "" : "?" + query);
        api().urlEncodingEnabled(false).get(url).then()
                .statusCode(status).contentType(ContentType.JSON)
                .body("status", equalTo(status)).body("error", equalTo(error)).body("message", notNullValue());
    }

    @Test
    @Tag(TestMongo.WIRE_SERVER_ONLY) // stops and starts the wire server
    void answers503NotAServerErrorWhileMongoDbIsDownAndRecoversByItself() throws IOException {
        LocalStackTestResource.mongo().stop();
        try {
            api().get("/api/coins").then().statusCode(503).contentType(ContentType.JSON)
                    .body("error", equalTo("database_unavailable"));
            api().get("/api/coins/bitcoin/prices").then().statusCode(503);
        } finally {
            LocalStackTestResource.mongo().start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                api().get("/api/coins/bitcoin/daily").then().statusCode(200));
    }

    @Test
    void hasAnIndexForEveryQuery() {
        // mongo-java-server has no explain command; an index whose key starts with the query's equality field
        // and its range/sort field is what makes MongoDB answer with an IXSCAN.
        assertThat(queryIndexes.missing()).isEmpty();
        assertThat(QueryIndexes.NEEDS.get("prices").servedBy(new Document("key",
                new Document("coin_id", 1).append("timestamp", 1)))).isTrue();
        assertThat(QueryIndexes.NEEDS.get("prices").servedBy(new Document("key", new Document("timestamp", 1))))
                .isFalse();
        assertThat(QueryIndexes.NEEDS.get("daily").servedBy(new Document("key",
                new Document("date", 1).append("coin_id", 1)))).isFalse();
    }

    @Test
    void publishesTheApiAsOpenApiWithSwaggerUi() {
        api().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/coins'.get.parameters.name",
                        org.hamcrest.Matchers.hasItems("limit", "cursor", "ids", "search"))
                .body("paths.'/api/coins'.get.responses.'400'", notNullValue())
                .body("paths.'/api/coins'.get.responses.'503'", notNullValue())
                .body("components.schemas.CoinPage.properties", org.hamcrest.Matchers.hasKey("next_cursor"))
                .body("paths.'/api/coins/{id}/prices'.get.parameters.name", org.hamcrest.Matchers.hasItems("from", "to", "step"))
                .body("paths.'/api/coins/{id}/daily'.get.responses.'404'", notNullValue())
                .body("components.schemas.ApiError", notNullValue());
        api().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    /** Numbers as doubles: REST Assured reads them as floats by default, which would round prices. */
    private static RequestSpecification api() {
        return given().config(RestAssuredConfig.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

    @Test
    void tellsTheDashboardHowOftenToRefresh() {
        api().get("/api/dashboard/settings").then().statusCode(200)
                .body("refresh_seconds", equalTo(2)).body("max_points", equalTo(1000))
                .body("unknown", nullValue());
    }
}
