package io.cryptopipe.ingest.service;

import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole month (December: 31 days) of the poller's tick, on a clock moved by hand: the same schedule, backoff,
 * pace and budget objects as {@link MarketPoller}, driven the way its tick drives them, with CoinGecko answers
 * drawn at random. Nothing waits; the month takes well under a second.
 */
class BudgetOverSimulatedMonthTest {

    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant JANUARY = Instant.parse("2027-01-01T00:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int PER_MINUTE = 30;
    private static final int PER_MONTH = 10_000;

    /** What the simulated CoinGecko did over the month. */
    private record Month(int calls, int charged, int successes, Instant lastSuccess, int refusals) {
    }

    private enum Weather { MOSTLY_FINE, DOWN_ALL_MONTH }

    @Test
    void withTheDefaultThirtySecondIntervalAndOccasionalFailuresTheMonthlyLimitIsNeverExceededAndPollingLastsTheMonth() {
        PollingPace pace = PollingPace.plan(Duration.ofSeconds(30), 1, PER_MINUTE, PER_MONTH, 0.9);

        Month month = simulate(pace.effective(), Weather.MOSTLY_FINE);

        assertThat(month.calls()).isLessThanOrEqualTo(PER_MONTH).isEqualTo(month.charged());
        // The reserve covered the retries: polling never ran out of budget and went on until the month's end.
        assertThat(month.refusals()).isZero();
        assertThat(month.lastSuccess()).isAfter(JANUARY.minus(pace.effective().multipliedBy(2)));
        assertThat(month.successes()).isGreaterThan(8_000);
    }

    @Test
    void anOutageLastingTheWholeMonthStaysWithinTheMonthlyLimit() {
        PollingPace pace = PollingPace.plan(Duration.ofSeconds(30), 1, PER_MINUTE, PER_MONTH, 0.9);

        Month month = simulate(pace.effective(), Weather.DOWN_ALL_MONTH);

        assertThat(month.calls()).isLessThanOrEqualTo(PER_MONTH).isEqualTo(month.charged());
        assertThat(month.successes()).isZero();
    }

    @Test
    void anIntervalFarTooShortForTheBudgetIsCutOffAtExactlyTheMonthlyLimit() {

        // Not stretched: as if the pace were ignored, the budget alone must hold the line.
        Month month = simulate(Duration.ofSeconds(2), Weather.MOSTLY_FINE);

        assertThat(month.calls()).isEqualTo(PER_MONTH);
        assertThat(month.refusals()).isPositive();
        assertThat(month.charged()).isEqualTo(PER_MONTH);
    }

    /** The tick of {@link MarketPoller}, once a second of simulated time, through December. */
    private static Month simulate(Duration interval, Weather weather) {
        MutableClock clock = new MutableClock(DECEMBER);
        CallBudget budget = new CallBudget(clock, PER_MINUTE, PER_MONTH);
        SplittableRandom coinGecko = new SplittableRandom(7);
        PollSchedule schedule = new PollSchedule(interval,
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1), new SplittableRandom(3)));
        int calls = 0;
        int successes = 0;
        int refusals = 0;
        int charged = 0;
        Instant lastSuccess = null;
        while (clock.instant().isBefore(JANUARY)) {
            Instant now = clock.instant();
            if (schedule.isDue(now)) {
                Optional<CallBudget.Refusal> refused = budget.tryCharge();
                if (refused.isPresent()) {
                    refusals++;
                    schedule.deferUntil(refused.get().until());
                } else {
                    calls++;
                    double draw = coinGecko.nextDouble();
                    if (weather == Weather.DOWN_ALL_MONTH || draw < 0.05) {
                        schedule.failed(now, Optional.empty()); // 5xx, timeout, HTML page
                    } else if (draw < 0.08) {
                        schedule.failed(now, Optional.of(Duration.ofSeconds(60))); // 429 with Retry-After
                    } else {
                        successes++;
                        lastSuccess = now;
                        schedule.succeeded(now);
                    }
                }
            }
            // Read before the clock reaches January, when the budget starts the new month's count.
            charged = budget.usedThisMonth();
            clock.advance(TICK);
        }
        return new Month(calls, charged, successes, lastSuccess, refusals);
    }
}
