package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.quarkus.arc.Arc;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Which failures of a backfill call are worth the wait of a retry: every CoinGecko failure (5xx, 429, timeouts,
 * broken bodies), and a call the budget refused for at most {@link #LONGEST_BUDGET_WAIT}, i.e. the next minute. A
 * refusal for longer (the month's calls used up) stops the backfill at once; it resumes when run again.
 */
public class BackfillRetryable implements Predicate<Throwable> {

    static final Duration LONGEST_BUDGET_WAIT = Duration.ofMinutes(2);

    private final Clock clock;

    /** For fault tolerance, which makes its instance through this constructor: the service's clock, looked up. */
    public BackfillRetryable() {
        this(Arc.container().instance(Clock.class).get());
    }

    BackfillRetryable(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof CallRefusedException refused) {
            return Duration.between(clock.instant(), refused.until()).compareTo(LONGEST_BUDGET_WAIT) <= 0;
        }
        return failure instanceof CoinGeckoException;
    }
}
