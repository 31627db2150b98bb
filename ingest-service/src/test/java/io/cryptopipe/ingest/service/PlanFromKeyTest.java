package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.ProKeyStandInTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.PlanLimits;
import io.cryptopipe.localstack.StandInFaults;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.cryptopipe.ingest.ProKeyStandInTestResource.PLAN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a pro key, the budget's limits come from the stand-in's {@code /key} over real HTTP: at start-up, and again at
 * each refresh; a failed {@code /key} falls back to the configured plan with one warning however many reads fail. The
 * poll interval follows the limits in force: the stand-in's plan of 7 calls a minute stretches the configured 2 s.
 */
@QuarkusTest
@QuarkusTestResource(value = ProKeyStandInTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(PlanFromKeyTest.Profile.class)
class PlanFromKeyTest {

    static final int CONFIGURED_PER_MINUTE = 1000;
    static final int CONFIGURED_PER_MONTH = 10_000_000;

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.poll.enabled", "false",
                    "ingest.coingecko.plan", "pro",
                    "ingest.coingecko.api-key", "CG-test-pro-key",
                    "ingest.budget.per-minute", String.valueOf(CONFIGURED_PER_MINUTE),
                    "ingest.budget.per-month", String.valueOf(CONFIGURED_PER_MONTH));
        }
    }

    @Inject
    PlanFromKey planFromKey;
    @Inject
    PlanLimits limits;
    @Inject
    CallBudget budget;
    @Inject
    MeterRegistry registry;
    @Inject
    SimulatedTime time;
    @Inject
    PollingPlan pollingPlan;
    @Inject
    MarketPoller poller;

    /** 60 s / 7 calls a minute, rounded up to whole seconds: the stand-in's plan allows no faster poll of one page. */
    static final Duration PACED_BY_KEY = Duration.ofSeconds(9);
    /** {@code %test.ingest.poll.interval}, which the configured limits fit. */
    static final Duration CONFIGURED_INTERVAL = Duration.ofSeconds(2);

    @AfterEach
    void nextMinuteAndAnsweringKey() {
        // Each test starts with a fresh per-minute window and a /key that answers.
        ProKeyStandInTestResource.coingecko().faults().clear();
        time.advance(Duration.ofMinutes(2));
        planFromKey.refresh();
    }

    @Test
    void atStartUpThePaidPlansRateAndCreditsReplaceTheConfiguredOnesAndTheMetricsSaySo() {
        assertThat(limits.current().source()).isEqualTo("key");
        assertThat(limit("per_minute", "key")).contains((double) PLAN.ratePerMinute());
        assertThat(limit("monthly_credits", "key")).contains((double) PLAN.monthlyCredits());
        assertThat(limit("per_minute", "configuration")).isEmpty();

        int allowedNow = PLAN.ratePerMinute() - budget.usedLastMinute();
        for (int i = 0; i < allowedNow; i++) {
            assertThat(budget.tryCharge()).isEmpty();
        }
        assertThat(budget.tryCharge()).hasValueSatisfying(refusal -> assertThat(refusal.reason())
                .contains(PLAN.ratePerMinute() + " calls per minute"));
    }

    @Test
    void thePollIntervalFollowsThePlanFromKeyAndTheConfigurationAfterAFallbackSayingEachChangeOnce() {
        assertThat(pollingPlan.interval()).isEqualTo(PACED_BY_KEY);
        assertThat(poller.interval()).as("the schedule's interval").isEqualTo(PACED_BY_KEY);

        ProKeyStandInTestResource.coingecko().faults()
                .scriptKey(StandInFaults.Fault.answer(500, "text/html", "<html>500</html>", null));
        try (LogCapture log = LogCapture.start()) {
            time.advance(Duration.ofHours(1));
            planFromKey.refresh();
            assertThat(pollingPlan.interval()).isEqualTo(CONFIGURED_INTERVAL);
            assertThat(poller.interval()).isEqualTo(CONFIGURED_INTERVAL);

            time.advance(Duration.ofHours(1));
            planFromKey.refresh();
            assertThat(poller.interval()).isEqualTo(PACED_BY_KEY);
            time.advance(Duration.ofHours(1));
            planFromKey.refresh();
            assertThat(poller.interval()).isEqualTo(PACED_BY_KEY);

            assertThat(log.lines()).filteredOn(line -> line.startsWith("Poll interval now")).satisfiesExactly(
                    line -> assertThat(line).contains("now PT2S (was PT9S)", "the configuration"),
                    line -> assertThat(line).contains("now PT9S (was PT2S)", "CoinGecko's /key",
                            PLAN.ratePerMinute() + " calls per minute"));
        }
    }

    @Test
    void theMonthAllowsWhatCoinGeckoReportsRemainingBesidesTheCallsCountedHere() {
        time.advance(Duration.ofMinutes(2));
        planFromKey.refresh();
        long spentAtCoinGecko = ProKeyStandInTestResource.coingecko().callsThisMonth();

        // CoinGecko counts the thousand calls made with the key before the service started, which this budget never
        // saw; its report was made before the /key call itself was counted there (the stand-in counts on answering).
        assertThat(spentAtCoinGecko).isGreaterThan(PLAN.creditsUsedBefore());
        assertThat(budget.remainingThisMonth()).isEqualTo((int) (PLAN.monthlyCredits() - (spentAtCoinGecko - 1)));
        assertThat(budget.usedThisMonth()).isLessThan((int) spentAtCoinGecko);
    }

    @Test
    void aFailingKeyFallsBackToTheConfiguredPlanWithOneWarningUntilItAnswersAgain() {
        StandInFaults faults = ProKeyStandInTestResource.coingecko().faults();
        faults.scriptKey(StandInFaults.Fault.answer(500, "text/html", "<html>500</html>", null),
                StandInFaults.Fault.answer(500, "text/html", "<html>500</html>", null),
                StandInFaults.Fault.answer(500, "text/html", "<html>500</html>", null));

        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                time.advance(Duration.ofHours(1));
                planFromKey.refresh();
            }

            assertThat(limits.current().source()).isEqualTo("configuration");
            assertThat(limit("per_minute", "configuration")).contains((double) CONFIGURED_PER_MINUTE);
            assertThat(limit("monthly_credits", "configuration")).contains((double) CONFIGURED_PER_MONTH);
            assertThat(limit("per_minute", "key")).isEmpty();
            assertThat(log.lines()).filteredOn(line -> line.contains("Cannot read the plan from CoinGecko's /key"))
                    .singleElement().asString().contains("HTTP 500", CONFIGURED_PER_MINUTE + " calls per minute")
                    .doesNotContain("CG-test-pro-key");
            assertThat(faults.keyRequests()).isNotEmpty()
                    .allSatisfy(request -> assertThat(request.proKey()).isNotBlank());

            time.advance(Duration.ofHours(1));
            planFromKey.refresh();
        }
        assertThat(limits.current().source()).isEqualTo("key");
        assertThat(limit("per_minute", "key")).contains((double) PLAN.ratePerMinute());
    }

    private Optional<Double> limit(String limit, String source) {
        Gauge gauge = registry.find("ingest.plan.limit").tag("limit", limit).tag("source", source).gauge();
        return gauge == null ? Optional.empty() : Optional.of(gauge.value());
    }
}
