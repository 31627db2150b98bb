package io.cryptopipe.store.rest;

import io.cryptopipe.store.StoreStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;

@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class DashboardPageTest {

    @Test
    void servesThePageAndTheChartingLibraryItNamesFromTheJarWithoutAnyExternalUrl() {
        String html = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(html).doesNotContain("http://", "https://");
        Matcher script = Pattern.compile("src=\"(_static/echarts/[^\"]+\\.js)\"").matcher(html);
        assertThat(script.find()).as("the page loads ECharts from /_static").isTrue();

        given().get("/" + script.group(1)).then().statusCode(200)
                .header("Content-Length", Integer::parseInt, greaterThan(500_000));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("api/coins"));
        given().get("/dashboard.css").then().statusCode(200);
    }
}
