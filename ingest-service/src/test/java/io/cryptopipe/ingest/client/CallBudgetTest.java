package io.cryptopipe.ingest.client;

import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CallBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:58:00Z"));

    @Test
    void refusesTheCallBeyondTheMinuteLimitUntilTheOldestLeavesTheWindow() {
        CallBudget budget = new CallBudget(clock, 3, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryCharge()).isEmpty();
            clock.advance(Duration.ofSeconds(10));
        }
        Optional<CallBudget.Refusal> refused = budget.tryCharge();

        assertThat(refused).isPresent();
        assertThat(refused.get().until()).isEqualTo(Instant.parse("2026-11-30T23:59:00Z"));
        assertThat(refused.get().reason()).contains("3 calls per minute");
        assertThat(budget.usedThisMonth()).isEqualTo(3);
        clock.set(Instant.parse("2026-11-30T23:59:00Z"));
        assertThat(budget.tryCharge()).isEmpty();
    }

    @Test
    void refusesEveryCallOnceTheMonthIsUsedUpAndStartsAfreshOnTheFirstOfTheNextMonth() {
        CallBudget budget = new CallBudget(clock, 100, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryCharge()).isEmpty();
        }
        Optional<CallBudget.Refusal> refused = budget.tryCharge();

        assertThat(refused).isPresent();
        assertThat(refused.get().until()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(refused.get().reason()).contains("monthly budget of 5 calls");
        assertThat(budget.remainingThisMonth()).isZero();

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(budget.remainingThisMonth()).isEqualTo(5);
        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.usedThisMonth()).isEqualTo(1);
    }

    @Test
    void aRefusedCallIsNotCharged() {
        CallBudget budget = new CallBudget(clock, 1, 10);
        budget.tryCharge();
        budget.tryCharge();
        budget.tryCharge();

        assertThat(budget.usedThisMonth()).isEqualTo(1);
        assertThat(budget.usedLastMinute()).isEqualTo(1);
    }

    @Test
    void aPlanReportedByKeyAppliesFromTheNextCallAndTheConfiguredOneAgainAfterAFallBack() {
        PlanLimits limits = new PlanLimits(2, 1000);
        CallBudget budget = new CallBudget(clock, limits, MonthlyLedger.inMemory());
        budget.tryCharge();
        budget.tryCharge();
        assertThat(budget.tryCharge()).as("the configured 2 per minute").isPresent();

        limits.fromKey(new KeyUsage("Analyst", 4, 500_000, 10, 499_990), YearMonth.of(2026, 11),
                budget.usedThisMonth());

        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.tryCharge()).hasValueSatisfying(refusal -> assertThat(refusal.reason())
                .contains("4 calls per minute"));
        limits.fromConfiguration();
        clock.advance(Duration.ofSeconds(61));
        budget.tryCharge();
        budget.tryCharge();
        assertThat(budget.tryCharge()).as("the configured 2 per minute again").isPresent();
    }

    @Test
    void afterAReportTheMonthAllowsTheCallsCountedHerePlusWhatCoinGeckoSaysRemainsAndTheNextMonthTheCredits() {
        PlanLimits limits = new PlanLimits(100, 1000);
        CallBudget budget = new CallBudget(clock, limits, MonthlyLedger.inMemory());
        budget.tryCharge();
        // The key spent 97 of its 100 credits elsewhere, and the one call here: 2 remain.
        limits.fromKey(new KeyUsage("Analyst", 100, 100, 98, 2), YearMonth.of(2026, 11), budget.usedThisMonth());

        assertThat(budget.remainingThisMonth()).isEqualTo(2);
        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.tryCharge()).isEmpty();
        assertThat(budget.tryCharge()).hasValueSatisfying(refusal -> {
            assertThat(refusal.reason()).contains("monthly budget of 3 calls");
            assertThat(refusal.until()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        });

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(budget.remainingThisMonth()).as("a new month: the plan's credits").isEqualTo(100);
        assertThat(budget.tryCharge()).isEmpty();
    }

    @Test
    void aSpareCallLeavesTheMinutesReserveToTheCallsThatNeedIt() {
        CallBudget budget = new CallBudget(clock, 10, 1000);
        for (int i = 0; i < 6; i++) {
            assertThat(budget.tryChargeSpare(4, 0)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
        }
        Optional<CallBudget.Refusal> refused = budget.tryChargeSpare(4, 0);

        assertThat(refused).isPresent();
        assertThat(refused.get().until()).isEqualTo(Instant.parse("2026-11-30T23:59:00Z"));
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryCharge()).as("a regular call within the reserve").isEmpty();
        }
        assertThat(budget.tryCharge()).isPresent();
    }

    @Test
    void aSpareCallLeavesTheMonthsReserveAndDoesNotCountTheMonthUsedUp() {
        CallBudget budget = new CallBudget(clock, 1000, 10);
        for (int i = 0; i < 7; i++) {
            assertThat(budget.tryChargeSpare(0, 3)).isEmpty();
        }
        assertThat(budget.tryChargeSpare(0, 3)).isPresent();
        assertThat(budget.usedThisMonth()).isEqualTo(7);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryCharge()).as("a regular call within the month's reserve").isEmpty();
        }
        assertThat(budget.tryCharge()).isPresent();
    }
}
