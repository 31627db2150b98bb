package io.cryptopipe.localstack;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps wall-clock time onto the recorded day and recorded timestamps back onto the present.
 * <p>
 * One affine map, {@code shifted = wallStart + (loop * day + (recorded - recordedStart)) / speed}, is used for every
 * timestamp, so a record that did not change between two recorded polls keeps one shifted {@code last_updated}
 * (as the real API repeats a stale record) while fresh ones move forward. At speed 1 the recorded day replays as
 * today, hour for hour; at speed 60 it replays in 24 minutes.
 */
public final class ReplayClock {

    private static final Duration DAY = Duration.ofDays(1);

    private final Instant wallStart;
    private final Instant recordedStart;
    private final double speed;

    public ReplayClock(Instant wallStart, Instant recordedStart, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("replay speed must be a positive number, was " + speed);
        }
        this.wallStart = wallStart;
        this.recordedStart = recordedStart;
        this.speed = speed;
    }

    /** Which loop over the recorded day, and where in it, a wall-clock instant falls. */
    public record Position(long loop, Duration intoDay) {
    }

    public Position position(Instant wall) {
        long replayedNanos = (long) (Duration.between(wallStart, wall).toNanos() * speed);
        long dayNanos = DAY.toNanos();
        return new Position(Math.floorDiv(replayedNanos, dayNanos), Duration.ofNanos(Math.floorMod(replayedNanos, dayNanos)));
    }

    /** The recorded instant shown at a position. */
    public Instant recordedAt(Position position) {
        return recordedStart.plus(position.intoDay());
    }

    /** How long a recorded span lasts on the wall clock (at least a millisecond). */
    public Duration wallSpan(Duration recorded) {
        return Duration.ofMillis(Math.max(1, Math.round(recorded.toMillis() / speed)));
    }

    /** A recorded timestamp as it reads in the given loop of the replay. */
    public Instant shift(Instant recorded, long loop) {
        long recordedNanos = loop * DAY.toNanos() + Duration.between(recordedStart, recorded).toNanos();
        return wallStart.plusNanos((long) (recordedNanos / speed));
    }
}
