package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.localstack.StandInFaults.Fault;
import io.cryptopipe.localstack.StandInPlan;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cryptopipe.ingest.service.MarketPollerLocalStackTest.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The service against the CoinGecko stand-in scripted to misbehave like the real API: 429 without Retry-After,
 * bursts of 5xx and CDN pages, slow and broken bodies. Each time the poll fails with a clear line, and polling goes
 * on until CoinGecko answers again. The profile uses the pro plan, so every line is also checked for the key. On
 * simulated time: each poll is the scheduler's tick run by the test once the next attempt is due (the backoff's
 * longest wait on), so no test waits for a retry; when exactly the next attempt comes is checked to the instant in
 * {@link PollRetryTimingTest}, in the same application.
 */
@QuarkusTest
@TestProfile(OneSecondProPolls.Profile.class)
@WithTestResource(LocalStackTestResource.class)
class CoinGeckoFailuresTest extends OneSecondProPolls {

    private static final String CDN_PAGE = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";

    @Test
    void aBurstOf5xxAndCdnPagesFailsEachPollClearlyAndPollingRecoversWithReadiness() {
        try (LogCapture log = LogCapture.start()) {
            faults.script(
                    Fault.answer(502, "text/html", CDN_PAGE, null),
                    Fault.answer(503, "application/json",
                            "{\"status\":{\"error_code\":503,\"error_message\":\"Service Unavailable\"}}", null),
                    Fault.answer(500, "application/json", "{\"error\":\"Internal server error\"}", null),
                    Fault.answer(200, "text/html; charset=UTF-8", CDN_PAGE, null),
                    Fault.answer(503, "text/html", CDN_PAGE, null),
                    Fault.answer(503, "text/html", CDN_PAGE, null));

            // Three failures in a row make the service not ready.
            polls.once();
            polls.once();
            RestAssured.get("/q/health/ready").then().statusCode(200);
            polls.once();
            RestAssured.get("/q/health/ready").then().statusCode(503);
            RestAssured.get("/q/health/live").then().statusCode(200);
            for (int poll = 4; poll <= 6; poll++) {
                polls.once();
            }
            assertThat(faults.pending()).isZero();
            assertThat(status.consecutiveFailures()).isEqualTo(6);
            polls.untilSuccess();
            RestAssured.get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'coingecko-polling' }.status", is("UP"));

            assertThat(log.any("HTTP 502: (text/html) <!DOCTYPE html>", "502 Bad Gateway")).isTrue();
            assertThat(log.any("HTTP 503: Service Unavailable")).isTrue();
            assertThat(log.any("HTTP 500: Internal server error")).isTrue();
            assertThat(log.any("HTTP 200 with a body that is not valid JSON", "text/html")).isTrue();
            assertThat(metric("ingest_poll_failures_total{kind=\"server_error\"")).isGreaterThanOrEqualTo(5);
            assertThat(metric("ingest_poll_failures_total{kind=\"bad_body\"")).isPositive();
            assertNoKeyIn(log);
        }
    }

    @Test
    void aSlowAnswerWithinTheDeadlineSucceedsAndOneBeyondItFails() {
        try (LogCapture log = LogCapture.start()) {
            double successes = status.successfulPolls();
            faults.script(Fault.slow(Duration.ofMillis(800)));
            polls.once();
            assertThat(faults.pending()).isZero();
            assertThat(status.successfulPolls()).isGreaterThan(successes);
            assertThat(log.any("failed", "no complete answer")).isFalse();

            faults.script(Fault.slow(Duration.ofMillis(3000)));
            polls.once();
            assertThat(log.any("failed", "no complete answer within PT2S")).isTrue();
            polls.untilSuccess();
        }
    }

    @Test
    void aBodyCutShortByADroppedConnectionFailsThePoll() {
        try (LogCapture log = LogCapture.start()) {
            double failedBefore = status.failedPolls();
            faults.script(Fault.brokenBody());

            polls.once();
            assertThat(status.failedPolls()).isGreaterThan(failedBefore);
            assertThat(log.any("Poll at", "failed", "CoinGecko /coins/markets page 1/1:")).isTrue();
            polls.untilSuccess();
        }
    }

    @Test
    void theProKeyTravelsInItsOwnHeaderAndNeverInLogsOrMetricsEvenWhenAnErrorBodyEchoesIt() {
        try (LogCapture log = LogCapture.start()) {
            int mark = faults.requests().size();
            faults.script(Fault.answer(401, "application/json", "{\"status\":{\"error_code\":10002,"
                    + "\"error_message\":\"API key " + API_KEY + " is invalid for this plan\"}}", null));

            polls.once();
            polls.once();
            List<StandInFaults.Request> seen = faults.requests().subList(mark, faults.requests().size());
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).fault()).isNotNull();
            assertThat(log.any("HTTP 401: API key [redacted] is invalid for this plan")).isTrue();

            assertThat(seen).allSatisfy(request -> {
                assertThat(request.proKey()).isEqualTo(API_KEY);
                assertThat(request.demoKey()).isNull();
                assertThat(request.userAgent()).isEqualTo("crypto-market-pipeline-ingest/1.0");
            });
            assertNoKeyIn(log);
            String health = RestAssured.get("/q/health").then().extract().asString();
            assertThat(health).doesNotContain(API_KEY);
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).doesNotContain(API_KEY);
        }
    }

    @Test
    void everyCallIsChargedToTheBudgetAndTimed() {
        polls.untilSuccess();
        double used = metric("ingest_budget_calls_used");
        double remaining = metric("ingest_budget_calls_remaining");

        assertThat(used).isPositive();
        // A pro key: the month is the credits the stand-in's /key reports, not the configured budget. Every call the
        // stand-in counted came from this service, so what it reports remaining adds up to the whole credits again.
        assertThat(used + remaining).isEqualTo((double) LocalStackTestResource.coingecko().plan().monthlyCredits())
                .isNotEqualTo(10_000_000.0);
        assertThat(metric("ingest_coingecko_request_seconds_count{endpoint=\"markets\",outcome=\"200\"")).isPositive();
        assertThat(metric("ingest_coingecko_request_seconds_bucket{endpoint=\"markets\",outcome=\"200\"")).isPositive();
    }

    private void assertNoKeyIn(LogCapture log) {
        assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(API_KEY));
    }
}
