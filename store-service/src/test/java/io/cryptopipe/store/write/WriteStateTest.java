package io.cryptopipe.store.write;

import io.cryptopipe.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WriteStateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final WriteState state = new WriteState(clock);

    @Test
    void reportsFailuresUntilTheNextSuccessfulWrite() {
        state.failed("timeout");
        clock.advance(Duration.ofSeconds(3));
        state.failed("still no server");

        assertThat(state.failing()).hasValueSatisfying(failing -> {
            assertThat(failing.since()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(failing.attempts()).isEqualTo(2);
            assertThat(failing.lastError()).isEqualTo("still no server");
        });

        state.succeeded();
        assertThat(state.failing()).isEmpty();
        assertThat(state.lastWriteAt()).contains(Instant.parse("2026-01-01T00:00:03Z"));
    }

    @Test
    void agesFromStartUpUntilTheFirstWriteThenFromTheLastWrite() {
        clock.advance(Duration.ofSeconds(90));
        assertThat(state.secondsSinceLastWrite()).isEqualTo(90.0);

        state.succeeded();
        clock.advance(Duration.ofMillis(2500));
        assertThat(state.secondsSinceLastWrite()).isEqualTo(2.5);
    }
}
