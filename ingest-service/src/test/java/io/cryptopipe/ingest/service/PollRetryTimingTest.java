package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.RecordedResponses;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.localstack.StandInFaults.Fault;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.cryptopipe.ingest.service.MarketPollerLocalStackTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the poller calls CoinGecko again after a failure, on the service's clock moved by hand: the test runs the
 * scheduler's tick at each instant it sets, so each retry is seen at the exact simulated instant it became due, and
 * never before. The answers are real HTTP from the CoinGecko stand-in; only the request deadline is real time. The
 * application of {@link OneSecondProPolls} (1 s interval, pro plan, 2 s deadline).
 */
@QuarkusTest
@TestProfile(OneSecondProPolls.Profile.class)
@WithTestResource(LocalStackTestResource.class)
class PollRetryTimingTest extends OneSecondProPolls {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String RATE_LIMIT_BODY = RecordedResponses.read("coingecko/errors/error-429-rate-limit.json");

    @Test
    void a429WithRetryAfterIsObeyedBeforeTheNextCall() {
        try (LogCapture log = LogCapture.start()) {
            faults.script(Fault.answer(429, "application/json", RATE_LIMIT_BODY, "3"));
            Instant failedAt = pollUntilFailure();
            int calls = faults.requests().size();

            time.set(failedAt.plus(Duration.ofSeconds(3)).minusMillis(1));
            time.tick();
            assertThat(faults.requests()).as("calls 1 ms before Retry-After has passed").hasSize(calls);

            time.set(failedAt.plus(Duration.ofSeconds(3)));
            time.tick();
            assertThat(faults.requests()).as("calls once Retry-After has passed").hasSize(calls + 1);
            assertThat(log.any("failed", "as Retry-After asks", "HTTP 429: You've exceeded the Rate Limit.")).isTrue();
            polls.untilSuccess();
            assertThat(metric("ingest_poll_failures_total{kind=\"rate_limited\"")).isPositive();
            assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(API_KEY));
        }
    }

    @Test
    void a429WithoutRetryAfterBacksOffExponentially() {
        try (LogCapture log = LogCapture.start()) {
            faults.script(
                    Fault.answer(429, "application/json", RATE_LIMIT_BODY, null),
                    Fault.answer(429, "application/json", RATE_LIMIT_BODY, null),
                    Fault.answer(429, "application/json", RATE_LIMIT_BODY, null));
            Instant failedAt = pollUntilFailure();
            double successes = status.successfulPolls();

            // %test backoff: 500 ms doubled per failure in a row, each wait drawn from [d/2, d].
            Duration ceiling = Duration.ofMillis(500);
            for (int failure = 1; failure <= 3; failure++) {
                int calls = faults.requests().size();
                double failures = status.failedPolls();

                time.set(failedAt.plus(ceiling.dividedBy(2)).minusMillis(1));
                time.tick();
                assertThat(faults.requests()).as("calls before half the backoff after failure %d", failure)
                        .hasSize(calls);

                time.set(failedAt.plus(ceiling));
                time.tick();
                assertThat(faults.requests()).as("calls at the backoff's ceiling after failure %d", failure)
                        .hasSize(calls + 1);
                if (failure < 3) {
                    assertThat(status.failedPolls()).isGreaterThan(failures);
                    failedAt = time.now();
                }
                ceiling = ceiling.multipliedBy(2);
            }
            assertThat(status.successfulPolls()).as("the third retry is answered").isGreaterThan(successes);
            assertThat(log.any("failed", "HTTP 429")).isTrue();
            assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(API_KEY));
        }
    }

    @Test
    void aBodyThatNeverEndsTimesOutWithoutHoldingUpTheSchedule() {
        try (LogCapture log = LogCapture.start()) {
            faults.script(Fault.neverEnds());
            Instant failedAt = pollUntilFailure();
            int calls = faults.requests().size();

            // %test backoff: the first failure in a row waits at most 500 ms, counted from the failure; the 2 s the
            // never-ending body took (real time) hold up nothing beyond it.
            time.set(failedAt.plusMillis(500));
            time.tick();
            assertThat(faults.requests()).hasSize(calls + 1);
            assertThat(log.any("failed", "no complete answer within PT2S")).isTrue();
            polls.untilSuccess();
            assertThat(metric("ingest_poll_failures_total{kind=\"timeout\"")).isPositive();
        }
    }

    /**
     * Moves the clock one interval, so that the next poll is due, and runs it: it fails on the scripted fault.
     *
     * @return the simulated instant of the failure (the clock stands still while the poll runs)
     */
    private Instant pollUntilFailure() {
        double failures = status.failedPolls();
        time.advance(INTERVAL);
        time.tick();
        assertThat(status.failedPolls()).as("failed polls").isGreaterThan(failures);
        return time.now();
    }
}
