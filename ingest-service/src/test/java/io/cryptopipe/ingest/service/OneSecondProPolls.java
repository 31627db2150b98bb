package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.localstack.StandInPlan;
import io.cryptopipe.testsupport.LocalStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;
import java.util.UUID;

/**
 * The application of {@link CoinGeckoFailuresTest} and {@link PollRetryTimingTest}: polls every second with a pro
 * key, a 2 s request deadline, on simulated time against the local stack's stand-in; each test starts right after a
 * success, so its first failure is the first in a row.
 */
abstract class OneSecondProPolls {

    /** Made up for each run, so that no key is written in the repository; the tests check it is never shown. */
    static final String API_KEY = "CG-" + UUID.randomUUID();

    /**
     * The stand-in's {@code /key} reports CoinGecko's documented example until a test chooses a plan: its 1,000,000
     * credits a month would stretch polls every second to every 3 s. This plan has the credits for the 1 s interval.
     */
    static final StandInPlan ONE_SECOND_POLLS = StandInPlan.of("Other", 1000, 5_000_000);

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.poll.interval", "1s",
                    "ingest.coingecko.plan", "pro",
                    "ingest.coingecko.api-key", API_KEY,
                    "ingest.coingecko.request-timeout", "2s");
        }
    }

    @Inject
    SimulatedTime time;

    @Inject
    PollStatus status;

    @Inject
    PlanFromKey planFromKey;

    final StandInFaults faults = LocalStackTestResource.coingecko().faults();
    TickedPolls polls;

    @BeforeEach
    void startClean() {
        LocalStackTestResource.coingecko().plan(ONE_SECOND_POLLS);
        planFromKey.refresh();
        polls = new TickedPolls(time, status).startClean(faults);
    }
}
