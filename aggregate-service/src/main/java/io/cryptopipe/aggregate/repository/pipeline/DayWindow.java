package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static io.cryptopipe.aggregate.repository.pipeline.Expressions.field;

/**
 * The UTC day a pipeline computes, {@code [00:00Z, next 00:00Z)}, cut into slots of the expected interval from
 * 00:00Z on: the unit of coverage and of what the pipeline holds per coin.
 */
record DayWindow(LocalDate day, long startMillis, long endMillis, long intervalMillis) {

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** @throws IllegalArgumentException when the interval is not between 1 ms and 1 day */
    static DayWindow of(LocalDate day, Duration expectedInterval) {
        long interval = expectedInterval.toMillis();
        if (interval <= 0 || interval > DAY_MILLIS) {
            throw new IllegalArgumentException("expected interval must be between 1 ms and 1 day, was "
                    + expectedInterval);
        }
        return new DayWindow(day, day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), interval);
    }

    Date start() {
        return new Date(startMillis);
    }

    Date end() {
        return new Date(endMillis);
    }

    /** Slots in the day; a last, shorter slot still counts when the interval does not divide the day. */
    int expectedSlots() {
        return (int) ((DAY_MILLIS + intervalMillis - 1) / intervalMillis);
    }

    /**
     * The start of the slot holding the time in {@code timeField}, in epoch milliseconds: integer arithmetic, so
     * slot boundaries are exact.
     */
    Document slotOf(String timeField) {
        Document time = new Document("$toLong", field(timeField));
        return new Document("$subtract", List.of(time,
                new Document("$mod", List.of(new Document("$subtract", List.of(time, startMillis)),
                        intervalMillis))));
    }
}
