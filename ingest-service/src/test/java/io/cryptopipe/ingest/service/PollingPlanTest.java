package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.KeyUsage;
import io.cryptopipe.ingest.client.MonthlyLedger;
import io.cryptopipe.ingest.client.PlanLimits;
import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll interval follows the plan's limits in force ({@link PlanLimits}): a plan read from {@code /key} re-paces
 * the polls, the schedule and repair's reserve at their next look, a fallback to the configuration paces them back,
 * and a plan too small for one poll keeps the pace in use instead of stopping the service.
 */
class PollingPlanTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final YearMonth MONTH = YearMonth.of(2026, 12);
    private static final Duration CONFIGURED = Duration.ofSeconds(30);
    /** 31 days / 9,000 polls (90 % of 10,000 calls), rounded up: see PollingPaceTest. */
    private static final Duration DEMO_SIZED = Duration.ofSeconds(298);

    private final MutableClock clock = new MutableClock(START);
    // Configured: 500 calls a minute and 500,000 a month, which polls every 30 s fit.
    private final PlanLimits limits = new PlanLimits(500, 500_000);
    private final PollingPlan plan = new PollingPlan(CONFIGURED, 1, 0.9, limits);

    private static KeyUsage plan(int perMinute, int credits, long used) {
        return new KeyUsage("Small", perMinute, credits, used, Math.max(0, credits - used));
    }

    @Test
    void aSmallerPlanFromKeyStretchesTheIntervalAndTheConfigurationPutsItBackEachChangeSaidOnce() {
        assertThat(plan.interval()).isEqualTo(CONFIGURED);

        try (LogCapture log = LogCapture.start()) {
            limits.fromKey(plan(30, 10_000, 0), MONTH, 0);
            assertThat(plan.interval()).isEqualTo(DEMO_SIZED);
            // Hourly reads of the same plan report other usage: the pace and the log stay as they are.
            limits.fromKey(plan(30, 10_000, 400), MONTH, 12);
            assertThat(plan.interval()).isEqualTo(DEMO_SIZED);
            limits.fromConfiguration();
            assertThat(plan.interval()).isEqualTo(CONFIGURED);
            assertThat(plan.interval()).isEqualTo(CONFIGURED);

            assertThat(log.lines()).filteredOn(line -> line.startsWith("Poll interval now")).satisfiesExactly(
                    line -> assertThat(line).contains("now PT4M58S (was PT30S)", "CoinGecko's /key",
                            "30 calls per minute", "9000 of the 10000 a month for polls"),
                    line -> assertThat(line).contains("now PT30S (was PT4M58S)", "the configuration",
                            "500 calls per minute"));
        }
    }

    @Test
    void aPlanFromKeyTooSmallForOnePollKeepsThePaceInUseWithOneWarning() {
        limits.fromKey(plan(30, 10_000, 0), MONTH, 0);
        assertThat(plan.interval()).isEqualTo(DEMO_SIZED);

        try (LogCapture log = LogCapture.start()) {
            // One credit a month: 90 % of it is no poll at all.
            limits.fromKey(plan(30, 1, 0), MONTH, 0);
            assertThat(plan.interval()).isEqualTo(DEMO_SIZED);
            limits.fromKey(plan(30, 1, 1), MONTH, 1);
            assertThat(plan.interval()).isEqualTo(DEMO_SIZED);

            assertThat(log.lines()).filteredOn(line -> line.contains("do not allow one poll")).singleElement()
                    .asString().contains("CoinGecko's /key", "30 calls per minute and 1 per month",
                            "polling every PT4M58S as before");
        }
        limits.fromConfiguration();
        assertThat(plan.interval()).isEqualTo(CONFIGURED);
    }

    @Test
    void theScheduleAsksForTheIntervalAtEachLookSoTheNextPollIsDueByThePaceNowInForce() {
        PollSchedule schedule = new PollSchedule(plan::interval,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(1)));
        schedule.succeeded(START);

        limits.fromKey(plan(30, 10_000, 0), MONTH, 0);
        assertThat(schedule.isDue(START.plus(CONFIGURED))).as("due by the configured interval").isFalse();
        assertThat(schedule.isDue(START.plus(DEMO_SIZED).minusSeconds(1))).isFalse();
        assertThat(schedule.isDue(START.plus(DEMO_SIZED))).isTrue();

        limits.fromConfiguration();
        assertThat(schedule.isDue(START.plus(CONFIGURED))).as("due again by the configured interval").isTrue();
    }

    @Test
    void repairsReserveForThePollsIsCountedAtThePaceNowInForce() {
        CallBudget budget = new CallBudget(clock, limits, MonthlyLedger.inMemory());
        // Made before the plan from /key came, as the service makes it.
        RepairBudget repair = new RepairBudget(budget, plan::interval, 1, clock);
        limits.fromKey(plan(30, 10_000, 0), MONTH, 0);

        // Polls every 298 s until the month ends keep 8,988 of its 10,000 calls: repair may have one. At the
        // configured 30 s they would keep 89,281, more than the month has, and repair would get nothing.
        assertThat(repair.tryCharge()).isEmpty();
    }
}
