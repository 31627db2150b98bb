package io.cryptopipe.aggregate.repository;

import com.mongodb.MongoExecutionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The day's time limit shared by its coin ranges, on times given by hand. */
class DayDeadlineTest {

    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final long DEADLINE = 1_000_000_000_000L;
    private static final DayDeadline DAYS_TIME =
            DayDeadline.startingAt(DEADLINE - TIMEOUT.toNanos(), DAY, TIMEOUT, 750);

    @Test
    void eachRangeGetsWhatIsLeftOfTheDaysTime() {
        assertThat(DAYS_TIME.remainingMillis(DEADLINE - TIMEOUT.toNanos())).isEqualTo(600_000);
        assertThat(DAYS_TIME.remainingMillis(DEADLINE - 1_500_000)).isEqualTo(1);
    }

    @Test
    void rangeAfterTheDaysTimeIsSpentFailsLikeAnExpiredMaxTime() {
        assertThatThrownBy(() -> DAYS_TIME.remainingMillis(DEADLINE - 999_999))
                .isInstanceOf(MongoExecutionTimeoutException.class)
                .hasMessage("the pipelines of 2024-02-29 did not finish within PT10M (750 coin ranges)")
                .extracting(e -> ((MongoExecutionTimeoutException) e).getCode()).isEqualTo(50);
    }
}
