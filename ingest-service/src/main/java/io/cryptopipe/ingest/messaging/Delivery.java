package io.cryptopipe.ingest.messaging;

import io.cryptopipe.ingest.model.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Verdicts handed to the {@link RecordSink} that the broker has not acknowledged yet. Each leaves once acknowledged,
 * so whichever attempt sends the delivery again sends only the rest. Its rejections were counted and logged once,
 * when it was made, and their dead letters all carry that time as {@code failed_at}.
 */
public final class Delivery {

    private final String what;
    private final Instant failedAt;
    private final List<Verdict> pending;

    Delivery(String what, List<Verdict> verdicts, Instant failedAt) {
        this.what = what;
        this.failedAt = failedAt;
        this.pending = new ArrayList<>(verdicts);
    }

    /** What the records are of, for messages ("the poll"). */
    String what() {
        return what;
    }

    Instant failedAt() {
        return failedAt;
    }

    synchronized List<Verdict> pending() {
        return List.copyOf(pending);
    }

    /** These leave the delivery (by identity: two equal verdicts are two sends). */
    synchronized void acknowledged(Collection<Verdict> verdicts) {
        Set<Verdict> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(verdicts);
        pending.removeIf(gone::contains);
    }

    /** How many verdicts the broker has not acknowledged yet. */
    public synchronized int size() {
        return pending.size();
    }
}
