package io.cryptopipe.ingest.service;

import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.testsupport.MutableClock;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waits fault tolerance makes between the attempts of one backfill call, and which failures it retries, on a
 * clock the test moves: nothing here sleeps.
 */
class CoinGeckoBackoffTest {

    private static final Instant NOW = Instant.parse("2026-08-10T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void failuresWithoutRetryAfterWaitTheServicesExponentialBackoffCountedFromTheCallsFirstFailure() {
        CoinGeckoBackoff strategy = new CoinGeckoBackoff(backoff(), clock);
        CoinGeckoException broken = new CoinGeckoException(CoinGeckoException.Kind.SERVER_ERROR, "HTTP 502");

        for (int failure = 1; failure <= 8; failure++) {
            long ceiling = Math.min(5_000L << (failure - 1), 300_000L);
            assertThat(strategy.nextDelayInMillis(broken)).as("failure %d", failure).isBetween(ceiling / 2, ceiling);
        }
        // A new call gets a new strategy (fault tolerance makes one per call): its first wait is short again.
        assertThat(new CoinGeckoBackoff(backoff(), clock).nextDelayInMillis(broken)).isBetween(2_500L, 5_000L);
    }

    @Test
    void aRetryAfterIsObeyedExactlyUpToItsMaximum() {
        CoinGeckoBackoff strategy = new CoinGeckoBackoff(backoff(), clock);

        assertThat(strategy.nextDelayInMillis(rateLimited(Duration.ofSeconds(17)))).isEqualTo(17_000L);
        assertThat(strategy.nextDelayInMillis(rateLimited(Duration.ofDays(1)))).isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void aCallTheBudgetRefusedWaitsExactlyUntilTheBudgetAllowsOne() {
        CoinGeckoBackoff strategy = new CoinGeckoBackoff(backoff(), clock);

        assertThat(strategy.nextDelayInMillis(refusedUntil(NOW.plusSeconds(42)))).isEqualTo(42_000L);
        clock.advance(Duration.ofSeconds(50));
        assertThat(strategy.nextDelayInMillis(refusedUntil(NOW.plusSeconds(42)))).as("already past").isZero();
    }

    @Test
    void coinGeckoFailuresAndShortBudgetWaitsAreRetriedAMonthsBudgetUsedUpAndOtherFailuresAreNot() {
        BackfillRetryable retryable = new BackfillRetryable(clock);

        assertThat(retryable.test(new CoinGeckoException(CoinGeckoException.Kind.TIMEOUT, "no answer"))).isTrue();
        assertThat(retryable.test(rateLimited(Duration.ofSeconds(30)))).isTrue();
        assertThat(retryable.test(refusedUntil(NOW.plus(BackfillRetryable.LONGEST_BUDGET_WAIT)))).isTrue();
        assertThat(retryable.test(refusedUntil(NOW.plus(BackfillRetryable.LONGEST_BUDGET_WAIT).plusSeconds(1))))
                .as("the month's budget used up").isFalse();
        assertThat(retryable.test(new IllegalStateException("bug"))).isFalse();
    }

    private static Backoff backoff() {
        return new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1), new SplittableRandom(11));
    }

    private static CoinGeckoException rateLimited(Duration retryAfter) {
        return new CoinGeckoException(CoinGeckoException.Kind.RATE_LIMITED, "HTTP 429", retryAfter, null);
    }

    private static CallRefusedException refusedUntil(Instant until) {
        return new CallRefusedException(new CallBudget.Refusal(until, "30 calls a minute used"));
    }
}
