package io.cryptopipe.ingest.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollingPaceTest {

    @Test
    void thirtySecondPollsDoNotFitTheDemoMonthAndAreStretchedToFitNinetyPercentOfIt() {
        PollingPace pace = PollingPace.plan(Duration.ofSeconds(30), 1, 30, 10_000, 0.9);

        assertThat(pace.stretched()).isTrue();
        assertThat(pace.callsPerMonth()).isEqualTo(89_280);
        // 31 days / 9,000 polls = 297.6 s, rounded up.
        assertThat(pace.effective()).isEqualTo(Duration.ofSeconds(298));
        assertThat(Duration.ofDays(31).toSeconds() / pace.effective().toSeconds()).isLessThanOrEqualTo(9_000);
    }

    @Test
    void anIntervalThatFitsIsKept() {
        PollingPace pace = PollingPace.plan(Duration.ofSeconds(30), 1, 500, 500_000, 0.9);

        assertThat(pace.stretched()).isFalse();
        assertThat(pace.effective()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void pollsOfSeveralPagesCostSeveralCalls() {
        PollingPace pace = PollingPace.plan(Duration.ofSeconds(30), 2, 500, 500_000, 0.9);

        // 31 days × 2 calls / 450,000 calls = 11.9 s: still fits.
        assertThat(pace.stretched()).isFalse();
        assertThat(PollingPace.plan(Duration.ofSeconds(10), 2, 500, 500_000, 0.9).effective())
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void theMinuteLimitAlsoStretchesTheInterval() {
        assertThat(PollingPace.plan(Duration.ofSeconds(1), 1, 30, 100_000_000, 0.9).effective())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aPollThatCanNeverFitIsRefusedWithTheSettingToChange() {
        assertThatThrownBy(() -> PollingPace.plan(Duration.ofSeconds(30), 40, 30, 10_000, 0.9))
                .hasMessageContaining("ingest.budget.per-minute");
    }
}
