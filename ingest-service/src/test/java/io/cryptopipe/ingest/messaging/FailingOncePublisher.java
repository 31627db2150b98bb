package io.cryptopipe.ingest.messaging;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.smallrye.mutiny.Uni;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's publisher, except that the first send of up to {@code failures} records fails as a broker that did
 * not acknowledge it would: a poll that fails part-way, with most of its records acknowledged.
 */
public final class FailingOncePublisher extends MarketRecordPublisher {

    private final MarketRecordPublisher real;
    private final AtomicInteger failuresLeft;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    public FailingOncePublisher(MarketRecordPublisher real, int failures) {
        super(null, null);
        this.real = real;
        this.failuresLeft = new AtomicInteger(failures);
    }

    /** The coin ids whose record was refused once. */
    public Set<String> failed() {
        return Set.copyOf(failed);
    }

    @Override
    public Uni<Void> publish(MarketRecord record) {
        // Every 100th coin by hash, once each, until the failures are used up.
        if (Math.floorMod(record.coinId().hashCode(), 100) == 0 && !failed.contains(record.coinId())
                && failuresLeft.getAndDecrement() > 0) {
            failed.add(record.coinId());
            return Uni.createFrom().failure(new IllegalStateException("not acknowledged (test)"));
        }
        return real.publish(record);
    }

    @Override
    public Uni<Void> deadLetter(DeadLetter letter, String coinId) {
        return real.deadLetter(letter, coinId);
    }
}
