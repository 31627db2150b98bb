package io.cryptopipe.ingest.service;

import java.time.Duration;

/**
 * Whether polling every {@code interval} fits the call budget, and the interval that does when it does not. Planned
 * for the longest month (31 days), with only a share of the monthly budget given to scheduled polls.
 */
public record PollingPace(Duration configured, Duration effective, long callsPerMonth, long pollBudget) {

    static final Duration LONGEST_MONTH = Duration.ofDays(31);

    public static PollingPace plan(Duration configured, int callsPerPoll, int perMinute, int perMonth,
            double pollShare) {
        if (callsPerPoll > perMinute) {
            throw new IllegalStateException("A poll needs " + callsPerPoll + " calls but the budget allows only "
                    + perMinute + " per minute; lower ingest.poll.top-n or raise ingest.budget.per-minute");
        }
        long pollBudget = (long) Math.floor(perMonth * pollShare);
        long pollsPerMonth = pollBudget / callsPerPoll;
        if (pollsPerMonth < 1) {
            throw new IllegalStateException("A monthly budget of " + perMonth + " calls (" + pollShare
                    + " of it for polls) does not allow a single poll of " + callsPerPoll + " calls");
        }
        long monthMillis = LONGEST_MONTH.toMillis();
        // Rounded up to whole seconds, so that the stretched interval is never a hair too short.
        long byMonthSeconds = (monthMillis + pollsPerMonth * 1000 - 1) / (pollsPerMonth * 1000);
        long byMinuteSeconds = (callsPerPoll * 60L + perMinute - 1) / perMinute;
        Duration needed = Duration.ofSeconds(Math.max(byMonthSeconds, byMinuteSeconds));
        Duration effective = configured.compareTo(needed) >= 0 ? configured : needed;
        long callsPerMonth = callsPerPoll * (monthMillis / Math.max(1, configured.toMillis()));
        return new PollingPace(configured, effective, callsPerMonth, pollBudget);
    }

    public boolean stretched() {
        return !effective.equals(configured);
    }
}
