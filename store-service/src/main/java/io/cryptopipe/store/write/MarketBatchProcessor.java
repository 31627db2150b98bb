package io.cryptopipe.store.write;

import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.store.config.StoreConfig;
import io.cryptopipe.store.repository.InsertAnswer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The write path of one consumed batch: decode, check the contract's rules, insert what passes in one unordered
 * insert, dead-letter what cannot be stored. It returns only when every record of the batch is either in MongoDB or
 * on the dead-letter topic, so that acknowledging the batch afterwards never loses a record.
 */
@ApplicationScoped
public class MarketBatchProcessor {

    private static final Logger LOG = Logger.getLogger(MarketBatchProcessor.class);
    // Longer than a write attempt takes to fail without a server (the server-selection timeout), shorter than a pod's
    // grace period. A write still waiting for its reply (up to the read timeout) is cut short when the client closes.
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final RecordDecoder decoder;
    private final RawRecordWriter writer;
    private final DeadLetterSink deadLetters;
    private final WriteState writeState;
    private final StoreMetrics metrics;
    private final Backoff backoff;
    private final Clock clock;
    private final StopSignal stop;
    private final ReentrantLock processing = new ReentrantLock();

    MarketBatchProcessor(RecordDecoder decoder, RawRecordWriter writer, DeadLetterSink deadLetters,
            WriteState writeState, StoreMetrics metrics, StoreConfig config, Clock clock, StopSignal stop) {
        this.decoder = decoder;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.writeState = writeState;
        this.metrics = metrics;
        this.backoff = StoreBackoff.backoff(config.retry());
        this.clock = clock;
        this.stop = stop;
    }

    // Runs right after the stop signal (which makes a batch waiting for MongoDB stop waiting and stay
    // unacknowledged) and before the connectors and the MongoDB client close: the shutdown waits (briefly) for the
    // batch to let go, so that it does not end against a container that is already gone.
    void onStop(@Observes @Priority(2) ShutdownEvent event) {
        try {
            if (processing.tryLock(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                processing.unlock();
            } else {
                LOG.warnf("A batch was still being written %s after the stop began", STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @throws StoppingException when the service stops before the batch is stored
     */
    public void process(List<IncomingValue> batch) {
        processing.lock();
        try {
            processLocked(batch);
        } finally {
            processing.unlock();
        }
    }

    private void processLocked(List<IncomingValue> batch) {
        metrics.batchReceived(batch.size());
        List<Accepted> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (IncomingValue in : batch) {
            Decoded decoded = decoder.decode(in.value());
            if (decoded instanceof Decoded.Refused no) {
                refused.add(new Refused(in, no.coinId(), no.refusal()));
            } else if (decoded instanceof Decoded.Read read) {
                Optional<Rejection> violation = read.record().violation();
                if (violation.isPresent()) {
                    refused.add(new Refused(in, read.coinId(), asOnTheTopic(violation.get())));
                } else {
                    accepted.add(new Accepted(in, read.record()));
                }
            }
        }
        writeUntilStored(accepted, refused);
        publishUntilAcknowledged(refused);
    }

    // A loop of its own rather than a fault-tolerance @Retry: each attempt writes only the records MongoDB did not
    // take yet, reports every failure to the readiness check, and stops waiting the moment the service stops.
    private void writeUntilStored(List<Accepted> accepted, List<Refused> refused) {
        List<Accepted> pending = accepted;
        int failures = 0;
        while (!pending.isEmpty()) {
            InsertAnswer answer;
            try {
                answer = writer.write(pending.stream().map(Accepted::record).toList());
            } catch (RuntimeException e) {
                // Nothing of this write can be counted as stored; what it did store answers as a duplicate next time.
                failures++;
                writeState.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
                Duration delay = backoff.delay(failures);
                if (failures == 1) {
                    LOG.warnf(e, "MongoDB write of %d records (%s) failed; retrying, at most %s apart, until it works",
                            pending.size(), span(pending.stream().map(Accepted::in).toList()), backoff.max());
                } else {
                    LOG.warnf("MongoDB write of %d records (%s) failed again (attempt %d, next in %s): %s",
                            pending.size(), span(pending.stream().map(Accepted::in).toList()), failures, delay,
                            e.getMessage());
                }
                pause(delay, pending.size() + " records not yet stored");
                continue;
            }
            metrics.stored(answer.written(), answer.duplicates());
            for (InsertAnswer.Refused no : answer.refused()) {
                Accepted a = pending.get(no.index());
                refused.add(new Refused(a.in(), a.record().coinId(), new Rejection(no.code(), no.detail())));
            }
            LOG.debugf("Insert: %d new, %d duplicates, %d refused, %d to retry",
                    answer.written(), answer.duplicates(), answer.refused().size(), answer.retry().size());
            List<Accepted> again = answer.retry().stream().map(pending::get).toList();
            if (again.isEmpty()) {
                if (failures > 0) {
                    LOG.infof("MongoDB took the write after %d failed attempts", failures);
                }
                writeState.succeeded();
            } else {
                failures++;
                writeState.failed(again.size() + " records not applied by MongoDB");
                LOG.warnf("MongoDB did not apply %d of %d records (%s); retrying them",
                        again.size(), pending.size(), span(again.stream().map(Accepted::in).toList()));
                pause(backoff.delay(failures), again.size() + " records not yet stored");
            }
            pending = again;
        }
    }

    private void publishUntilAcknowledged(List<Refused> refused) {
        for (Refused r : refused) {
            IncomingValue in = r.in();
            String key = r.coinId() != null && !r.coinId().isBlank() ? r.coinId() : in.key();
            DeadLetter letter = DeadLetter.fromTopic(r.refusal().codeAndDetail(), in.value(), in.topic(),
                    in.partition(), in.offset(), clock.instant());
            LOG.warnf("Dead-lettering %s (coin %s): %s", in.position(), key, r.refusal().codeAndDetail());
            // Retried by the sink until Kafka acknowledges it (or the service stops): see DeadLetterPublisher.
            deadLetters.publish(key, letter);
            metrics.deadLettered(r.refusal().code());
        }
    }

    private void pause(Duration delay, String whatIsLeft) {
        stop.pause(delay, whatIsLeft);
    }

    /**
     * A record on the topic that breaks a rule of the contract was published by a producer that broke it, whichever
     * rule it is: the store counts and dead-letters them all as {@code contract_violation} (what its dashboards,
     * alerts and dead-letter readers group by), with the rule's own detail. A version it does not know keeps its
     * own code, as the decoder gives it.
     */
    private static Rejection asOnTheTopic(Rejection violation) {
        return violation.code() == ReasonCode.UNSUPPORTED_SCHEMA_VERSION
                ? violation : violation.as(ReasonCode.CONTRACT_VIOLATION);
    }

    /** Partitions and offset ranges of some records, e.g. {@code market.raw-0@12..40, market.raw-2@7}. */
    public static String span(List<IncomingValue> values) {
        Map<String, long[]> ranges = new TreeMap<>();
        for (IncomingValue v : values) {
            ranges.merge(v.topic() + "-" + v.partition(), new long[] {v.offset(), v.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return ranges.entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue()[0]
                        + (e.getValue()[1] == e.getValue()[0] ? "" : ".." + e.getValue()[1]))
                .collect(Collectors.joining(", "));
    }

    private record Accepted(IncomingValue in, MarketRecord record) {
    }

    private record Refused(IncomingValue in, String coinId, Rejection refusal) {
    }
}
