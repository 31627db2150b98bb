package io.cryptopipe.ingest.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.contract.Rejection;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.model.Verdict;
import io.cryptopipe.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one way a verdict leaves ingest-service, without a broker: what each verdict becomes, how many sends wait for
 * an acknowledgement at once, and what an attempt reports when the broker does not acknowledge everything.
 */
class RecordSinkTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-12-01T12:00:00.250Z");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:03.5Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** A broker that acknowledges after a short delay, except the coins it is told to refuse or never to answer. */
    private static final class Broker extends MarketRecordPublisher {
        final List<MarketRecord> published = new CopyOnWriteArrayList<>();
        final Map<String, DeadLetter> letters = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor();
        volatile Set<String> refused = Set.of();
        volatile Set<String> silent = Set.of();

        Broker() {
            super(null, null);
        }

        @Override
        public Uni<Void> publish(MarketRecord record) {
            return answer(record.coinId(), () -> published.add(record));
        }

        @Override
        public Uni<Void> deadLetter(DeadLetter letter, String coinId) {
            return answer(coinId, () -> letters.put(String.valueOf(coinId), letter));
        }

        private Uni<Void> answer(String key, Runnable written) {
            return Uni.createFrom().emitter((UniEmitter<? super Void> emitter) -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                if (key != null && silent.contains(key)) {
                    return;
                }
                acks.schedule(() -> {
                    inFlight.decrementAndGet();
                    if (key != null && refused.contains(key)) {
                        emitter.fail(new IllegalStateException("not acknowledged (test)"));
                    } else {
                        written.run();
                        emitter.complete(null);
                    }
                }, 1, TimeUnit.MILLISECONDS);
            });
        }
    }

    private RecordSink sink(Broker broker, int window, Duration deadline) {
        return new RecordSink(broker, registry, window, deadline, clock);
    }

    private static Verdict accepted(String coin) {
        MarketRecord record = new MarketRecord(1, coin, coin, coin, FETCHED_AT.minusSeconds(60), FETCHED_AT, "poll",
                1.0, null, null, null, null, null, null, null, null);
        return new Verdict.Accepted(new RawRecord(JsonNodeFactory.instance.objectNode(), "{}"), record);
    }

    private static Verdict rejected(String coin, String text) {
        return new Verdict.Rejected(new RawRecord(JsonNodeFactory.instance.textNode(text), text),
                new Rejection(ReasonCode.WRONG_TYPE, "current_price must be a number"), coin, FETCHED_AT);
    }

    private double rejectedCount() {
        return registry.get("ingest.records.rejected").tag("reason", "wrong_type").counter().count();
    }

    @Test
    void anAcceptedRecordIsPublishedAndARejectionDeadLetteredWithItsReasonRawInputAndTimes() {
        Broker broker = new Broker();
        RecordSink sink = sink(broker, 10, Duration.ofSeconds(10));
        List<Verdict> verdicts = List.of(accepted("bitcoin"), rejected("ethereum", "{\"id\":\"ethereum\"}"),
                rejected(null, "\"not a record\""));

        Delivery delivery = sink.deliver("the poll", verdicts);
        clock.advance(Duration.ofSeconds(5));
        Sent sent = sink.send(delivery);

        sent.throwIfIncomplete();
        assertThat(sent.acknowledged()).containsExactlyInAnyOrderElementsOf(verdicts);
        assertThat(delivery.size()).isZero();
        assertThat(broker.published).extracting(MarketRecord::coinId).containsExactly("bitcoin");
        assertThat(broker.letters).containsOnlyKeys("ethereum", "null");
        DeadLetter letter = broker.letters.get("ethereum");
        assertThat(letter).isEqualTo(DeadLetter.fromIngest("current_price must be a number", "{\"id\":\"ethereum\"}",
                FETCHED_AT, NOW));
        assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_INGEST);
        assertThat(rejectedCount()).isEqualTo(2);
    }

    @Test
    void atMostTheWindowAwaitsTheBrokerAndEverySendIsAcknowledged() {
        Broker broker = new Broker();
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            verdicts.add(accepted("coin-" + i));
        }
        RecordSink sink = sink(broker, 50, Duration.ofSeconds(30));

        Sent sent = sink.send(sink.deliver("the poll", verdicts));

        assertThat(sent.incomplete()).isEmpty();
        assertThat(sent.acknowledged()).hasSize(2_000);
        assertThat(broker.published).hasSize(2_000);
        assertThat(broker.maxInFlight.get()).isBetween(2, 50);
    }

    @Test
    void whatTheBrokerDidNotAcknowledgeIsLeftForTheNextAttemptWhichSendsOnlyThat() {
        Broker broker = new Broker();
        broker.refused = Set.of("coin-3", "coin-7");
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            verdicts.add(accepted("coin-" + i));
        }
        verdicts.add(rejected("coin-7", "{\"id\":\"coin-7\",\"current_price\":\"1\"}"));
        RecordSink sink = sink(broker, 4, Duration.ofSeconds(10));
        Delivery delivery = sink.deliver("the poll", verdicts);

        Sent first = sink.send(delivery);

        assertThat(first.acknowledged()).hasSize(8).doesNotContain(verdicts.get(3), verdicts.get(7), verdicts.get(10));
        assertThat(delivery.size()).isEqualTo(3);
        assertThatThrownBy(first::throwIfIncomplete).isInstanceOf(PublishIncompleteException.class)
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("Broker did not acknowledge 3 of the 11 records of the poll within PT10S (they are sent"
                        + " again on the retry): not acknowledged (test)");

        broker.refused = Set.of();
        Sent second = sink.send(delivery);

        second.throwIfIncomplete();
        assertThat(second.acknowledged()).containsExactlyInAnyOrder(verdicts.get(3), verdicts.get(7), verdicts.get(10));
        assertThat(broker.published).extracting(MarketRecord::coinId).hasSize(10).doesNotHaveDuplicates();
        assertThat(rejectedCount()).as("a rejection counts once, however many attempts").isOne();
    }

    @Test
    void sendsTheBrokerNeverAnswersFailTheAttemptAtTheDeadline() {
        Broker broker = new Broker();
        broker.silent = Set.of("coin-1");
        RecordSink sink = sink(broker, 10, Duration.ofMillis(200));
        Delivery delivery = sink.deliver("the backfill of coin-1 2026-11-01..2026-11-02",
                List.of(accepted("coin-0"), accepted("coin-1")));

        Sent sent = sink.send(delivery);

        assertThat(sent.acknowledged()).extracting(Verdict::coinIdOrNull).containsExactly("coin-0");
        assertThat(sent.incomplete()).hasValueSatisfying(e -> assertThat(e).hasMessage("Broker did not acknowledge 1"
                + " of the 2 records of the backfill of coin-1 2026-11-01..2026-11-02 within PT0.2S (they are sent"
                + " again on the retry): no acknowledgement within PT0.2S"));
    }
}
