package io.cryptopipe.ingest.messaging;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker that acknowledges at once and keeps what it was sent, except the records of the coins it is told to
 * refuse (as a broker that is down for them would): for tests of what is published, outside this package too.
 */
public final class RecordingPublisher extends MarketRecordPublisher {

    private final List<MarketRecord> published = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public RecordingPublisher() {
        super(null, null);
    }

    /** The record sink of the service over this broker, as the service builds it. */
    public RecordSink sink(MeterRegistry registry, Clock clock) {
        return new RecordSink(this, registry, 100, Duration.ofSeconds(5), clock);
    }

    public List<MarketRecord> published() {
        return List.copyOf(published);
    }

    public List<DeadLetter> letters() {
        return List.copyOf(letters);
    }

    /** From now on, the records of these coins are not acknowledged; none when empty. */
    public void refuse(Set<String> coins) {
        refused.clear();
        refused.addAll(coins);
    }

    @Override
    public Uni<Void> publish(MarketRecord record) {
        if (refused.contains(record.coinId())) {
            return Uni.createFrom().failure(new IllegalStateException("not acknowledged (test)"));
        }
        published.add(record);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> deadLetter(DeadLetter letter, String coinId) {
        letters.add(letter);
        return Uni.createFrom().voidItem();
    }
}
