package io.cryptopipe.store.query;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The bucket widths a price series can be downsampled to, finest first.
 */
public enum Step {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String label;
    private final Duration width;

    Step(String label, Duration width) {
        this.label = label;
        this.width = width;
    }

    public String label() {
        return label;
    }

    public long millis() {
        return width.toMillis();
    }

    public static Optional<Step> parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(Step::label).collect(Collectors.joining(", "));
    }

    /**
     * How many buckets of this step {@code [fromMillis, toMillis)} touches. Buckets are aligned on the epoch, not on
     * {@code from}, so a range that starts mid-bucket touches one more than its length divided by the step.
     */
    public long bucketsBetween(long fromMillis, long toMillis) {
        return Math.floorDiv(toMillis - 1, millis()) - Math.floorDiv(fromMillis, millis()) + 1;
    }
}
