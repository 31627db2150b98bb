package io.cryptopipe.ingest.client;

import io.cryptopipe.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The limits the {@link CallBudget} enforces, in one place: the configured plan ({@code ingest.budget.*}) until
 * CoinGecko's {@code /key} reports the paid plan's own ({@link KeyUsage}), and the configured plan again when
 * {@code /key} fails. Shown as {@code ingest_plan_limit{limit, source}}.
 * <p>
 * CoinGecko counts every call made with the key, ours and any other user's of it; so after a report the month allows
 * the calls this process had counted plus what CoinGecko says remains, never more than the plan's credits.
 */
@Singleton
public class PlanLimits {

    public static final String SOURCE_KEY = "key";
    public static final String SOURCE_CONFIGURATION = "configuration";

    private final Limits configured;
    private volatile Limits current;
    private MultiGauge gauge;

    @Inject
    PlanLimits(IngestConfig config, MeterRegistry registry) {
        this(config.budget().perMinute(), config.budget().perMonth());
        gauge = MultiGauge.builder("ingest.plan.limit")
                .description("The CoinGecko plan's limits the call budget enforces, and where they came from")
                .register(registry);
        show();
    }

    public PlanLimits(int perMinute, int perMonth) {
        if (perMinute < 1 || perMonth < 1) {
            throw new IllegalArgumentException("call budgets must be positive, were " + perMinute + "/min and "
                    + perMonth + "/month");
        }
        this.configured = new Limits(perMinute, perMonth, SOURCE_CONFIGURATION, Optional.empty());
        this.current = configured;
    }

    /**
     * Budgets with the plan {@code /key} reported.
     *
     * @param month      the month the report is of (UTC)
     * @param countedHere the calls of that month the budget had counted when the report came
     */
    public void fromKey(KeyUsage usage, YearMonth month, int countedHere) {
        long allowed = Math.min(usage.monthlyCredits(), (long) countedHere + usage.remainingMonthlyCalls());
        current = new Limits(usage.perMinute(), usage.monthlyCredits(), SOURCE_KEY,
                Optional.of(new Reported(month, (int) Math.min(Integer.MAX_VALUE, Math.max(0, allowed)))));
        show();
    }

    /** Budgets with the configured plan again. */
    public void fromConfiguration() {
        current = configured;
        show();
    }

    public Limits current() {
        return current;
    }

    /** The configured plan ({@code ingest.budget.*}), whatever is in force now. */
    public Limits configured() {
        return configured;
    }

    public int perMinute() {
        return current.perMinute();
    }

    /** The calls the budget may count in the month: the plan's credits, or less after a report of that month. */
    public int perMonth(YearMonth month) {
        Limits limits = current;
        return limits.reported().filter(r -> r.month().equals(month)).map(Reported::allowed)
                .orElse(limits.perMonth());
    }

    private void show() {
        if (gauge != null) {
            Limits limits = current;
            Tags source = Tags.of("source", limits.source());
            gauge.register(List.of(
                    MultiGauge.Row.of(source.and("limit", "per_minute"), limits.perMinute()),
                    MultiGauge.Row.of(source.and("limit", "monthly_credits"), limits.perMonth())), true);
        }
    }

    /**
     * @param perMinute calls in any 60 seconds
     * @param perMonth  calls per calendar month (UTC), the plan's credits
     * @param source    {@value #SOURCE_KEY} or {@value #SOURCE_CONFIGURATION}
     * @param reported  what CoinGecko's report allows in its month, when the limits came from {@code /key}
     */
    public record Limits(int perMinute, int perMonth, String source, Optional<Reported> reported) {
    }

    /** The calls a month allows after CoinGecko reported its usage. */
    public record Reported(YearMonth month, int allowed) {
    }
}
