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

/**
 * A repair call's charge: only what the regular polls leave. Kept for them are the calls of every poll that can fall
 * in the next minute, one retry included, and of every poll until the month ends; each poll is its pages and one
 * request by id for coins that moved off them.
 */
@Singleton
public class RepairBudget {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final CallBudget budget;
    private final Duration interval;
    private final int callsPerPoll;
    private final Clock clock;

    @Inject
    RepairBudget(CallBudget budget, PollingPlan plan, IngestConfig config, Clock clock) {
        this(budget, plan.interval(), MarketsPage.covering(config.poll().topN()).size() + 1, clock);
    }

    public RepairBudget(CallBudget budget, Duration interval, int callsPerPoll, Clock clock) {
        this.budget = budget;
        this.interval = interval;
        this.callsPerPoll = callsPerPoll;
        this.clock = clock;
    }

    /** @return empty when one repair call is charged; otherwise when to ask again */
    public Optional<CallBudget.Refusal> tryCharge() {
        Instant now = clock.instant();
        Instant monthEnd = YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        return budget.tryChargeSpare(callsFor(polls(MINUTE) + 1), callsFor(polls(Duration.between(now, monthEnd))));
    }

    /** Polls that can start within {@code span}: one at its start and one every interval after. */
    private long polls(Duration span) {
        return span.toMillis() / interval.toMillis() + 1;
    }

    private int callsFor(long polls) {
        return (int) Math.min(Integer.MAX_VALUE, polls * callsPerPoll);
    }
}
