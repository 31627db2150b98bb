package io.cryptopipe.ingest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.client.CoinGeckoJsonReader;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.model.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where every verdict ingest-service reaches goes: an accepted record is published to {@code market.raw}, a rejection
 * becomes a dead letter on {@code market.raw.dlq} with its reason and raw input, each keyed by its coin. A caller hands
 * its verdicts over once ({@link #deliver}) and sends them ({@link #send}) as many times as it takes the broker to
 * acknowledge them all: each attempt sends only what is left and reports what was acknowledged. Created at start-up,
 * so that the count of rejections by reason exists (at zero) before the first one.
 */
@Startup
@ApplicationScoped
public class RecordSink {

    private static final Logger LOG = Logger.getLogger(RecordSink.class);

    private final MarketRecordPublisher publisher;
    private final MeterRegistry registry;
    private final int window;
    private final Duration deadline;
    private final Clock clock;

    @Inject
    RecordSink(MarketRecordPublisher publisher, MeterRegistry registry, IngestConfig config, Clock clock) {
        this(publisher, registry, config.poll().publishWindow(), config.poll().publishTimeout(), clock);
    }

    RecordSink(MarketRecordPublisher publisher, MeterRegistry registry, int window, Duration deadline, Clock clock) {
        this.publisher = publisher;
        this.registry = registry;
        this.window = Math.max(1, window);
        this.deadline = deadline;
        this.clock = clock;
        // Every reason from the start, at zero: a rate panel or alert on rejections has a series before the first one.
        for (ReasonCode code : CoinGeckoJsonReader.REASONS) {
            rejected(code);
        }
    }

    /**
     * Takes verdicts to send; nothing is sent yet. Each rejection is counted ({@code ingest.records.rejected}) and
     * logged now, once however many attempts its sending takes, and its dead letter's {@code failed_at} is now.
     *
     * @param what what the verdicts are of, for messages (e.g. "the poll")
     */
    public Delivery deliver(String what, List<Verdict> verdicts) {
        for (Verdict verdict : verdicts) {
            if (verdict instanceof Verdict.Rejected rejected) {
                Rejection rejection = rejected.rejection();
                rejected(rejection.code()).increment();
                LOG.warnf("Dead-lettering %s of coin %s: %s", input(rejected),
                        rejected.coinIdOrNull() == null ? "(no id)" : rejected.coinIdOrNull(), rejection.detail());
            }
        }
        return new Delivery(what, verdicts, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Sends what the delivery has left, at most {@code ingest.poll.publish-window} awaiting the broker's
     * acknowledgement at a time (the back-pressure the emitter needs: it refuses what its downstream has not asked
     * for), for at most {@code ingest.poll.publish-timeout}. What the broker acknowledged leaves the delivery and is
     * reported.
     */
    public Sent send(Delivery delivery) {
        List<Verdict> sends = delivery.pending();
        List<Verdict> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try {
            if (!sends.isEmpty()) {
                Multi.createFrom().iterable(sends)
                        .onItem().transformToUni(verdict -> send(verdict, delivery)
                                .onItem().transform(ignored -> acknowledged.add(verdict))
                                .onFailure().recoverWithItem(e -> {
                                    firstFailure.compareAndSet(null, e.getMessage());
                                    return Boolean.FALSE;
                                }))
                        .merge(window)
                        .collect().last()
                        .await().atMost(deadline);
            }
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, "no acknowledgement within " + deadline);
        }
        List<Verdict> done = List.copyOf(acknowledged);
        delivery.acknowledged(done);
        int left = delivery.size();
        return new Sent(done, left == 0 ? Optional.empty() : Optional.of(new PublishIncompleteException(
                "Broker did not acknowledge " + left + " of the " + sends.size() + " records of " + delivery.what()
                        + " within " + deadline + " (they are sent again on the retry): " + firstFailure.get())));
    }

    // A chart point is short and says which time was refused; a record of /coins/markets is long and has its coin.
    private static String input(Verdict.Rejected rejected) {
        JsonNode json = rejected.raw().json();
        return json != null && json.isArray() ? "point " + rejected.raw().text() : "record";
    }

    private Counter rejected(ReasonCode code) {
        return Counter.builder("ingest.records.rejected")
                .description("Records of a poll or a backfill refused by validation and sent to market.raw.dlq")
                .tag("reason", code.tag())
                .register(registry);
    }

    private Uni<Void> send(Verdict verdict, Delivery delivery) {
        if (verdict instanceof Verdict.Accepted accepted) {
            return publisher.publish(accepted.record());
        }
        Verdict.Rejected rejected = (Verdict.Rejected) verdict;
        return publisher.deadLetter(DeadLetter.fromIngest(rejected.rejection().detail(), rejected.raw().text(),
                rejected.fetchedAt(), delivery.failedAt()), rejected.coinIdOrNull());
    }
}
