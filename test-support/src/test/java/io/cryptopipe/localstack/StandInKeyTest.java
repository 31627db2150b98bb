package io.cryptopipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in's {@code /key} for a plan the test chooses, the calls it counts, the per-minute limit every call
 * counts against, and the chart answers' documented cache: all on a clock the test moves.
 */
class StandInKeyTest extends StandInTestBase {

    private static final Instant LATE_NOVEMBER = Instant.parse("2026-11-30T23:50:00Z");
    private static final String PRO_KEY = "CG-test-pro-key";
    private static final String MARKETS = "/coins/markets?vs_currency=usd&per_page=5";
    private static final String CHART = "/coins/bitcoin/market_chart?vs_currency=usd&days=1";

    private final MutableClock clock = new MutableClock(LATE_NOVEMBER);

    @Test
    void keyReportsTheChosenPlanAndCountsEveryCallAnsweredThisMonth() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), clock).start()
                .plan(new StandInPlan("Analyst", 500, 500_000, 1_000));
        assertThat(send(MARKETS, null).statusCode()).isEqualTo(200);
        assertThat(send(CHART, null).statusCode()).isEqualTo(200);
        assertThat(send("/ping", null).statusCode()).isEqualTo(200);
        assertThat(send("/coins/markets", null).statusCode()).as("refused: no credit").isEqualTo(422);
        assertThat(send("/key", null).statusCode()).as("refused: no credit").isEqualTo(401);

        JsonNode usage = key();

        assertThat(usage.get("plan").asText()).isEqualTo("Analyst");
        assertThat(usage.get("rate_limit_request_per_minute").asInt()).isEqualTo(500);
        assertThat(usage.get("monthly_call_credit").asLong()).isEqualTo(500_000);
        assertThat(usage.get("current_total_monthly_calls").asLong()).isEqualTo(1_003);
        assertThat(usage.get("current_remaining_monthly_calls").asLong()).isEqualTo(498_997);
        assertThat(key().get("current_total_monthly_calls").asLong()).as("the /key call before counts")
                .isEqualTo(1_004);
        assertThat(standIn.callsThisMonth()).isEqualTo(1_005);

        clock.advance(Duration.ofMinutes(10));
        assertThat(key().get("current_total_monthly_calls").asLong()).as("a new month").isZero();
        assertThat(key().get("current_remaining_monthly_calls").asLong()).isEqualTo(499_999);
    }

    @Test
    void keyIsRefusedWithoutAProApiKeyAsThePublicHostRefusesIt() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), clock).start();
        for (String demoKey : new String[] {null, "CG-demo-key"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/api/v3/key"));
            if (demoKey != null) {
                request.header("x-cg-demo-api-key", demoKey);
            }
            HttpResponse<String> refused = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(StandInRequests.json(refused.body()).at("/status/error_code").asInt()).isEqualTo(10005);
            assertThat(StandInRequests.json(refused.body()).at("/status/error_message").asText())
                    .isEqualTo("This request is limited to PRO API subscribers.");
        }
        // Without a chosen plan a Pro key sees the plan of CoinGecko's documented example; the key as a parameter.
        HttpResponse<String> byParameter = send("/key?x_cg_pro_api_key=" + PRO_KEY, null);
        assertThat(byParameter.statusCode()).isEqualTo(200);
        assertThat(StandInRequests.json(byParameter.body()).get("plan").asText()).isEqualTo("Other");
        assertThat(StandInRequests.json(byParameter.body()).get("rate_limit_request_per_minute").asInt()).isEqualTo(1000);
    }

    @Test
    void everyCallCountsAgainstThePlansPerMinuteLimit() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), clock).start()
                .plan(StandInPlan.of("Basic", 4, 100_000));
        assertThat(send(MARKETS, PRO_KEY).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(10));
        assertThat(send(CHART, PRO_KEY).statusCode()).isEqualTo(200);
        assertThat(send("/coins/bitcoin/market_chart/range?vs_currency=usd&from=" + (clock.instant().getEpochSecond()
                - 7_200) + "&to=" + clock.instant().getEpochSecond(), PRO_KEY).statusCode()).isEqualTo(200);
        assertThat(send("/ping", PRO_KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = send("/key", PRO_KEY);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("50");
        assertThat(standIn.rateLimited()).extracting(CoinGeckoStandIn.RateLimited::path)
                .containsExactly("/api/v3/key");
        clock.advance(Duration.ofSeconds(50));
        assertThat(send("/key", PRO_KEY).statusCode()).isEqualTo(200);
        assertThat(send(MARKETS, PRO_KEY).statusCode()).isEqualTo(429);
    }

    @Test
    void faultsScriptedForKeyAreServedToKeyOnlyAndLoggedApart() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(30), clock).start();
        standIn.faults().scriptKey(StandInFaults.Fault.answer(500, "text/html", "<html>500</html>", null));

        assertThat(send(MARKETS, PRO_KEY).statusCode()).isEqualTo(200);
        assertThat(send("/key", PRO_KEY).statusCode()).isEqualTo(500);
        assertThat(send("/key", PRO_KEY).statusCode()).isEqualTo(200);

        assertThat(standIn.faults().requests()).hasSize(1);
        assertThat(standIn.faults().keyRequests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.proKey()).isEqualTo(PRO_KEY));
    }

    @Test
    void theLastDaysChartIsOneAnswerForThirtySecondsAsCoinGeckoCachesIt() throws Exception {
        standIn = new CoinGeckoStandIn(0, 1, Duration.ofSeconds(1), clock).start();
        String first = send(CHART, null).body();

        clock.advance(Duration.ofSeconds(29));
        String cached = send(CHART, null).body();
        clock.advance(Duration.ofSeconds(1));
        String fresh = send(CHART, null).body();

        assertThat(cached).isEqualTo(first);
        JsonNode prices = StandInRequests.json(fresh).get("prices");
        assertThat(prices.get(prices.size() - 1).get(0).asLong()).as("ends with the value now")
                .isEqualTo(clock.instant().toEpochMilli());
        assertThat(fresh).isNotEqualTo(first);
    }

    private JsonNode key() throws Exception {
        return client().get("/key", PRO_KEY);
    }

    private HttpResponse<String> send(String path, String proKey) throws Exception {
        return client().send(path, proKey);
    }
}
