package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.MarketsPage;
import io.cryptopipe.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A repair call's charge: only what the regular polls leave. Kept for them in the current minute: every poll that can
 * start in it and one retry, each with its pages and a request by id for coins that moved off them. Kept in the
 * month: the pages of every poll until it ends, as the polling plan counts them (its reserve of
 * {@code ingest.budget.poll-share} covers retries and requests by id, and is what repair can use).
 */
@Singleton
public class RepairBudget {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final CallBudget budget;
    private final Supplier<Duration> interval;
    private final int pagesPerPoll;
    private final Clock clock;

    @Inject
    RepairBudget(CallBudget budget, PollingPlan plan, IngestConfig config, Clock clock) {
        this(budget, plan::interval, MarketsPage.covering(config.poll().topN()).size(), clock);
    }

    public RepairBudget(CallBudget budget, Duration interval, int pagesPerPoll, Clock clock) {
        this(budget, () -> interval, pagesPerPoll, clock);
    }

    /** @param interval the polls' interval, asked for at each charge: the plan's limits may have changed it */
    public RepairBudget(CallBudget budget, Supplier<Duration> interval, int pagesPerPoll, Clock clock) {
        this.budget = budget;
        this.interval = interval;
        this.pagesPerPoll = pagesPerPoll;
        this.clock = clock;
    }

    /** @return empty when one repair call is charged; otherwise when to ask again */
    public Optional<CallBudget.Refusal> tryCharge() {
        Instant now = clock.instant();
        Duration interval = this.interval.get();
        Instant monthEnd = YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        return budget.tryChargeSpare(calls(polls(MINUTE, interval) + 1, pagesPerPoll + 1),
                calls(polls(Duration.between(now, monthEnd), interval), pagesPerPoll));
    }

    /** Polls that can start within {@code span}: one at its start and one every interval after. */
    private static long polls(Duration span, Duration interval) {
        return span.toMillis() / interval.toMillis() + 1;
    }

    private static int calls(long polls, int perPoll) {
        return (int) Math.min(Integer.MAX_VALUE, polls * perPoll);
    }
}
