package io.cryptopipe.ingest.client;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where the month's call count lives: in memory for a single replica, or shared (MongoDB) so that replicas taking
 * over from each other, and restarts, count against one monthly budget.
 */
public interface MonthlyLedger {

    /**
     * Counts one call in the month if fewer than {@code limit} are counted, atomically.
     *
     * @return the month's count including this call; empty when the limit was already reached
     */
    OptionalInt charge(YearMonth month, int limit);

    /** A count only this process sees, starting from zero at start-up. */
    static MonthlyLedger inMemory() {
        Map<YearMonth, Integer> counts = new HashMap<>();
        return (month, limit) -> {
            synchronized (counts) {
                int used = counts.getOrDefault(month, 0);
                if (used >= limit) {
                    return OptionalInt.empty();
                }
                counts.put(month, used + 1);
                return OptionalInt.of(used + 1);
            }
        };
    }
}
