package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CallRefusedException;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.messaging.BrokerUnavailableException;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scheduler's side of a poll on a clock the test moves: which failures count as what, and shutdown, which must
 * stop the ticks before the beans a poll uses go (a tick that ran after them used to fail creating
 * {@link PollStatus} again, "Error Occurred After Shutdown", on every stop under load).
 */
class MarketPollerTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(START);
    private final PollStatus status = new PollStatus(new SimpleMeterRegistry(), clock);
    private final List<Instant> leaseAsked = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** The poll, replaced by what the test makes each attempt do. */
    private static final class ScriptedPoll extends MarketPoll {
        final AtomicInteger attempts = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        volatile Consumer<Instant> script = at -> { };

        ScriptedPoll() {
            super(null, null, null, null, null, null, null, null);
        }

        @Override
        List<RawRecord> attempt(Instant polledAt) {
            attempts.incrementAndGet();
            started.countDown();
            script.accept(polledAt);
            return List.of();
        }
    }

    private MarketPoller poller(ScriptedPoll poll, Duration longestPoll) {
        PollerLease lease = now -> leaseAsked.add(now);
        PollSchedule schedule = new PollSchedule(INTERVAL, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
                new Random(1)));
        return new MarketPoller(poll, status, lease, schedule, true, clock, longestPoll, PollHistory.none());
    }

    @Test
    void onceShutdownBeganATickStartsNoPollAndTakesNoLease() {
        ScriptedPoll poll = new ScriptedPoll();
        MarketPoller poller = poller(poll, Duration.ofSeconds(50));
        poller.tick();
        assertThat(poll.attempts).hasValue(1);
        int leaseCalls = leaseAsked.size();

        poller.stop(new ShutdownEvent());
        clock.advance(INTERVAL);
        poller.tick();
        poller.renewLease();

        assertThat(poll.attempts).as("polls after shutdown began").hasValue(1);
        assertThat(leaseAsked).as("lease taken or renewed after shutdown began").hasSize(leaseCalls);
    }

    @Test
    void theSchedulerSkipsTheTicksOnceTheApplicationIsNotRunning() throws Exception {
        // Without this, a tick the scheduler fires after the beans were destroyed creates them again.
        for (String method : List.of("tick", "renewLease")) {
            Scheduled scheduled = MarketPoller.class.getDeclaredMethod(method).getAnnotation(Scheduled.class);
            assertThat(scheduled.skipExecutionIf()).as(method).isEqualTo(Scheduled.ApplicationNotRunning.class);
        }
    }

    @Test
    void shutdownWaitsForThePollInFlightSoThatItsOutcomeIsCountedWhileTheBeansAreThere() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // What the poll reports at its end, through a bean that must still be there.
        ScriptedPoll poll = pollUntil(release, status::succeeded);
        MarketPoller poller = poller(poll, Duration.ofMinutes(1));
        Future<?> tick = startPolling(poller, poll);

        Future<?> stop = threads.submit(() -> poller.stop(new ShutdownEvent()));
        // Generous for a thread hand-over; shutdown may only return once the poll has ended, which it has not.
        assertThatThrownBy(() -> stop.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(status.successfulPolls()).isZero();

        release.countDown();
        stop.get(10, TimeUnit.SECONDS);
        assertThat(status.successfulPolls()).as("counted before shutdown went on").isOne();
        // The tick's future completes just after the tick let go of the poll, which is what shutdown waited for:
        // asserting it done at once raced on a busy machine.
        tick.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPollThatOutlastsItsDeadlinesDoesNotHoldUpShutdownForEver() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedPoll poll = pollUntil(release, at -> { });
        MarketPoller poller = poller(poll, Duration.ofMillis(50));
        startPolling(poller, poll);

        // Bounded by the poll's deadlines (50 ms here), not by the poll: the bound only stops a hung test.
        CompletableFuture.runAsync(() -> poller.stop(new ShutdownEvent())).get(10, TimeUnit.SECONDS);
        release.countDown();
    }

    @Test
    void failuresCountByTheirTypeAndARefusedBudgetDefersWithoutFailing() {
        ScriptedPoll poll = new ScriptedPoll();
        MarketPoller poller = poller(poll, Duration.ofSeconds(50));

        poll.script = at -> {
            throw new CoinGeckoException(CoinGeckoException.Kind.RATE_LIMITED, "HTTP 429: slow down",
                    Duration.ofSeconds(7), null);
        };
        poller.tick();
        assertThat(status.lastFailure()).contains("HTTP 429: slow down");
        clock.advance(Duration.ofSeconds(7).minusMillis(1));
        poller.tick();
        assertThat(poll.attempts).as("Retry-After obeyed").hasValue(1);

        poll.script = at -> {
            throw new BrokerUnavailableException("Cannot create Kafka topics: broker did not answer");
        };
        clock.advance(Duration.ofMillis(1));
        poller.tick();
        assertThat(status.lastFailure()).contains("Cannot create Kafka topics: broker did not answer");

        poll.script = at -> {
            throw new IllegalStateException("a bug");
        };
        clock.advance(Duration.ofSeconds(8));
        poller.tick();
        assertThat(status.lastFailure()).contains("IllegalStateException: a bug");
        assertThat(status.failedPolls()).isEqualTo(3);
        assertThat(status.consecutiveFailures()).isEqualTo(3);

        Instant allowed = clock.instant().plus(Duration.ofMinutes(1));
        poll.script = at -> {
            throw new CallRefusedException(new CallBudget.Refusal(allowed, "the budget is used up"));
        };
        clock.advance(Duration.ofSeconds(8));
        poller.tick();
        assertThat(status.deferredPolls()).isOne();
        assertThat(status.failedPolls()).as("a deferred poll is no failure").isEqualTo(3);
        int attempts = poll.attempts.get();
        clock.set(allowed.minusMillis(1));
        poller.tick();
        assertThat(poll.attempts).as("no attempt before the budget allows one").hasValue(attempts);

        assertThat(PollFailure.of(new BrokerUnavailableException("x")).kind()).isEqualTo("broker");
        assertThat(PollFailure.of(new IllegalStateException("x")).kind()).isEqualTo("other");
        assertThat(PollFailure.of(new CoinGeckoException(CoinGeckoException.Kind.TIMEOUT, "x")))
                .isEqualTo(new PollFailure("x", "timeout", Optional.empty()));
    }

    /** A poll that runs until {@code release}, then ends with {@code atEnd}. */
    private static ScriptedPoll pollUntil(CountDownLatch release, Consumer<Instant> atEnd) {
        ScriptedPoll poll = new ScriptedPoll();
        poll.script = at -> {
            await(release);
            atEnd.accept(at);
        };
        return poll;
    }

    /** A tick on a thread of its own, returned once its poll has begun. */
    private Future<?> startPolling(MarketPoller poller, ScriptedPoll poll) throws InterruptedException {
        Future<?> tick = threads.submit(poller::tick);
        // Generous: a thread starts within milliseconds; the bound only stops a hung test.
        assertThat(poll.started.await(10, TimeUnit.SECONDS)).isTrue();
        return tick;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
