package io.cryptopipe.store.rest;

import io.cryptopipe.store.StoreStackTestResource;
import io.cryptopipe.store.config.QueryConfig;
import io.cryptopipe.store.query.QueryParameters;
import io.cryptopipe.store.query.Step;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The OpenAPI document states the limits this instance enforces, from the same sources the checks read, and every
 * resource path answers a method it does not serve with 405 and the Allow header RFC 9110 requires.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class ApiDocumentTest {

    @Inject
    QueryConfig config;

    @Test
    void theDocumentStatesTheConfiguredLimitsThePatternsAndEveryError() {
        JsonPath document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> limit = parameter(document, "/api/coins", "limit");
        assertThat(limit).containsEntry("minimum", 1).containsEntry("maximum", config.maxCoinsPageSize())
                .containsEntry("default", config.coinsPageSize());
        assertThat(parameter(document, "/api/coins", "ids")).containsEntry("maxItems", config.maxCoinsPageSize())
                .containsEntry("items", Map.of("type", "string", "pattern", CoinResource.COIN_ID));
        assertThat(parameter(document, "/api/coins", "search"))
                .containsEntry("maxLength", QueryParameters.MAX_SEARCH_LENGTH);
        assertThat(parameter(document, "/api/coins/{id}/prices", "step")).containsEntry("enum",
                Arrays.stream(Step.values()).map(Step::label).toList());
        assertThat(parameter(document, "/api/coins/{id}/prices", "from")).containsEntry("format", "date-time");
        assertThat(parameter(document, "/api/coins/{id}/daily", "to")).containsEntry("format", "date");
        assertThat(parameter(document, "/api/coins/{id}/daily", "id")).containsEntry("pattern", CoinResource.COIN_ID);
        for (String path : List.of("/api/coins", "/api/coins/{id}/prices", "/api/coins/{id}/daily")) {
            Map<String, Object> responses = document.getMap("paths.'" + path + "'.get.responses");
            assertThat(responses).as(path).containsKeys("200", "400", "503", "414");
        }
        assertThat(document.getList("paths.'/api/coins/{id}/prices'.get.parameters.findAll { it.allowEmptyValue }.name"))
                .containsExactlyInAnyOrder("from", "to", "step");
        // A coin's figures the contract lets a record leave null; its price it does not.
        assertThat(document.getList("components.schemas.CoinSummary.properties.market_cap_rank.type"))
                .containsExactlyInAnyOrder("integer", "null");
        assertThat(document.getString("components.schemas.CoinSummary.properties.current_price.type"))
                .isEqualTo("number");
        // A price bucket is a candle with its count of repaired points.
        for (String price : List.of("open", "high", "low", "close", "avg")) {
            assertThat(document.getString("components.schemas.PricePoint.properties." + price + ".type")).as(price)
                    .isEqualTo("number");
        }
        assertThat(document.getString("components.schemas.PricePoint.properties.count.type")).isEqualTo("integer");
        assertThat(document.getString("components.schemas.PricePoint.properties.repaired.type")).isEqualTo("integer");
        // What a daily job before repairs did not write is null, and stated so.
        assertThat(document.getList("components.schemas.DailyCandle.properties.twap.type"))
                .containsExactlyInAnyOrder("number", "null");
        assertThat(document.getList("components.schemas.DailyCandle.properties.twap_seconds.type"))
                .containsExactlyInAnyOrder("integer", "null");
        assertThat(document.getList("components.schemas.DailyCandle.properties.quality.properties.coverage.type"))
                .containsExactlyInAnyOrder("number", "null");
        assertThat(document.getList(
                "components.schemas.DailyCandle.properties.quality.properties.repaired_coverage.type"))
                .containsExactlyInAnyOrder("number", "null");
    }

    @Test
    void everyResourcePathAnswersAnotherMethodWith405AndTheMethodsItAllows() {
        for (String path : List.of("/api/coins", "/api/coins/bitcoin/prices", "/api/coins/bitcoin/daily",
                "/api/dashboard/settings")) {
            for (String method : List.of("TRACE", "POST", "PUT", "DELETE", "PATCH")) {
                given().request(method, path).then().statusCode(405).contentType(ContentType.JSON)
                        .header("Allow", "GET, HEAD, OPTIONS")
                        .body("status", equalTo(405)).body("error", equalTo("method_not_allowed"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameter(JsonPath document, String path, String name) {
        List<Map<String, Object>> parameters = document.getList("paths.'" + path + "'.get.parameters");
        return (Map<String, Object>) parameters.stream().filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow().get("schema");
    }
}
