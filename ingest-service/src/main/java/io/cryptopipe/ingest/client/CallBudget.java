package io.cryptopipe.ingest.client;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one budget every CoinGecko call is charged to (polls, retries, backfill), with both of the plan's limits:
 * calls in any 60 seconds, and calls per calendar month (UTC). A call the budget refuses is not made.
 * <p>
 * The monthly count lives in a {@link MonthlyLedger}: in memory for a single replica (a restart starts the month's
 * count again from zero), in MongoDB when replicas share a poller, so that all of them and their restarts count
 * against one budget. The per-minute window is local: only the lease holder calls.
 */
@Singleton
public class CallBudget {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Clock clock;
    private final PlanLimits limits;
    private final MonthlyLedger ledger;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    private YearMonth month;
    private int usedThisMonth;

    @Inject
    CallBudget(PlanLimits limits, MeterRegistry registry, MonthlyLedger ledger, Clock clock) {
        this(clock, limits, ledger);
        Gauge.builder("ingest.budget.calls.used", this, CallBudget::usedThisMonth)
                .description("CoinGecko calls charged to this calendar month's budget (UTC), as last counted")
                .register(registry);
        Gauge.builder("ingest.budget.calls.remaining", this, CallBudget::remainingThisMonth)
                .description("CoinGecko calls left in this calendar month's budget")
                .register(registry);
        Gauge.builder("ingest.budget.calls.last.minute", this, CallBudget::usedLastMinute)
                .description("CoinGecko calls made in the last 60 seconds")
                .register(registry);
    }

    public CallBudget(Clock clock, int perMinute, int perMonth) {
        this(clock, perMinute, perMonth, MonthlyLedger.inMemory());
    }

    public CallBudget(Clock clock, int perMinute, int perMonth, MonthlyLedger ledger) {
        this(clock, new PlanLimits(perMinute, perMonth), ledger);
    }

    public CallBudget(Clock clock, PlanLimits limits, MonthlyLedger ledger) {
        this.clock = clock;
        this.limits = limits;
        this.ledger = ledger;
        this.month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * Charges one call if both limits allow it.
     *
     * @return empty when the call is charged and may be made; otherwise the refusal, with the earliest time
     *         a call will be allowed
     */
    public synchronized Optional<Refusal> tryCharge() {
        Instant now = clock.instant();
        rollMonth(now);
        int perMinute = limits.perMinute();
        int perMonth = limits.perMonth(month);
        if (usedThisMonth >= perMonth) {
            return Optional.of(monthUsedUp(perMonth));
        }
        forgetOlderThanAMinute(now);
        if (lastMinute.size() >= perMinute) {
            return Optional.of(new Refusal(lastMinute.peekFirst().plus(MINUTE),
                    "the budget of " + perMinute + " calls per minute is used up"));
        }
        OptionalInt counted = ledger.charge(month, perMonth);
        if (counted.isEmpty()) {
            usedThisMonth = perMonth;
            return Optional.of(monthUsedUp(perMonth));
        }
        lastMinute.addLast(now);
        usedThisMonth = counted.getAsInt();
        return Optional.empty();
    }

    /**
     * Charges one call only from what the budget has left beyond {@code keepThisMinute} calls in the current 60
     * seconds and {@code keepThisMonth} calls in the rest of the month: what regular polls may still need, so that a
     * call charged here (a repair) never makes a poll wait. The monthly check is the ledger's own atomic one, at the
     * lowered limit, so replicas sharing a ledger keep the same reserve.
     *
     * @return empty when the call is charged and may be made; otherwise the refusal, with when to ask again
     */
    public synchronized Optional<Refusal> tryChargeSpare(int keepThisMinute, int keepThisMonth) {
        Instant now = clock.instant();
        rollMonth(now);
        int perMinute = limits.perMinute();
        int perMonth = limits.perMonth(month);
        int monthLimit = perMonth - keepThisMonth;
        if (monthLimit < 1 || usedThisMonth >= monthLimit) {
            // The reserve shrinks as the month goes by: ask again after a while.
            return Optional.of(new Refusal(now.plus(MINUTE), "the monthly budget of " + perMonth
                    + " calls has no more than the " + keepThisMonth + " the polls need until the month ends"));
        }
        forgetOlderThanAMinute(now);
        int minuteLimit = perMinute - keepThisMinute;
        if (minuteLimit < 1 || lastMinute.size() >= minuteLimit) {
            Instant until = minuteLimit < 1 ? now.plus(MINUTE)
                    : lastMinute.stream().skip(lastMinute.size() - minuteLimit).findFirst().orElseThrow().plus(MINUTE);
            return Optional.of(new Refusal(until, "the budget of " + perMinute + " calls per minute has no more than"
                    + " the " + keepThisMinute + " the polls need"));
        }
        OptionalInt counted = ledger.charge(month, monthLimit);
        if (counted.isEmpty()) {
            usedThisMonth = Math.max(usedThisMonth, monthLimit);
            return Optional.of(new Refusal(now.plus(MINUTE), "the monthly budget of " + perMonth
                    + " calls has no more than the " + keepThisMonth + " the polls need until the month ends"));
        }
        lastMinute.addLast(now);
        usedThisMonth = counted.getAsInt();
        return Optional.empty();
    }

    private Refusal monthUsedUp(int perMonth) {
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Refusal(nextMonth, "the monthly budget of " + perMonth + " calls is used up");
    }

    /** As last counted here; with a shared ledger, calls of other replicas show once this one charges again. */
    public synchronized int usedThisMonth() {
        rollMonth(clock.instant());
        return usedThisMonth;
    }

    public synchronized int remainingThisMonth() {
        int used = usedThisMonth();
        return Math.max(0, limits.perMonth(month) - used);
    }

    public synchronized int usedLastMinute() {
        forgetOlderThanAMinute(clock.instant());
        return lastMinute.size();
    }

    private void rollMonth(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        if (!current.equals(month)) {
            month = current;
            usedThisMonth = 0;
        }
    }

    private void forgetOlderThanAMinute(Instant now) {
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
            lastMinute.removeFirst();
        }
    }

    /** A call the budget did not allow: when one will be allowed again, and which limit was reached. */
    public record Refusal(Instant until, String reason) {
    }
}
