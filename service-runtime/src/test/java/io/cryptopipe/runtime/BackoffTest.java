package io.cryptopipe.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1),
            new SplittableRandom(42));

    @Test
    void delaysDoubleWithEachFailureInARowWithinTheirJitterBand() {
        for (int failures = 1; failures <= 6; failures++) {
            long ceiling = 5_000L << (failures - 1);
            for (int draw = 0; draw < 50; draw++) {
                assertThat(backoff.delay(failures, Optional.empty()).toMillis())
                        .as("failure %d", failures)
                        .isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> backoff.delay(4, Optional.empty()).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void delaysAreCappedHoweverManyFailures() {
        for (int failures : new int[] {7, 8, 20, 64, 1000}) {
            assertThat(backoff.delay(failures, Optional.empty())).isBetween(Duration.ofSeconds(150),
                    Duration.ofMinutes(5));
        }
    }

    @Test
    void retryAfterIsObeyedExactlyButNeverBeyondTheMaximum() {
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(17)))).isEqualTo(Duration.ofSeconds(17));
        assertThat(backoff.delay(9, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1, Optional.of(Duration.ofDays(2)))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void withoutRetryAfterTheDelayIsTheExponentialOne() {
        Backoff seeded = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
        Backoff same = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
        for (int failures = 1; failures <= 10; failures++) {
            assertThat(seeded.delay(failures)).isEqualTo(same.delay(failures, Optional.empty()));
        }
        assertThat(seeded.max()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAnInitialDelayThatIsNotPositiveOrAboveTheMaximum() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()));
    }
}
