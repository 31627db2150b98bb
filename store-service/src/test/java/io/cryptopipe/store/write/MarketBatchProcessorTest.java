package io.cryptopipe.store.write;

import com.mongodb.MongoTimeoutException;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.ReasonCode;
import io.cryptopipe.store.config.StoreConfig;
import io.cryptopipe.store.repository.InsertAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write path's decisions, with MongoDB and Kafka replaced by scripted stand-ins.
 */
class MarketBatchProcessorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WriteState writeState = new WriteState(Clock.systemUTC());
    private final StoreMetrics metrics = new StoreMetrics(registry, writeState);
    private final ScriptedWriter writer = new ScriptedWriter(metrics);
    private final List<Published> published = new ArrayList<>();
    private final StopSignal stop = new StopSignal();
    private final MarketBatchProcessor processor = new MarketBatchProcessor(new RecordDecoder(), writer,
            (key, letter) -> published.add(new Published(key, letter)), writeState, metrics,
            retryEvery(Duration.ofMillis(1), Duration.ofMillis(4)), Clock.systemUTC(), stop);

    @Test
    void deadLettersTheRecordMongoDbRefusesAndStoresTheOthers() {
        writer.answer(models -> new InsertAnswer(2, 0, List.of(new InsertAnswer.Refused(1,
                ReasonCode.WRITE_REJECTED, "MongoDB refused the document (code 121): invalid")), List.of()));

        processor.process(List.of(value(10, "bitcoin"), value(11, "ethereum"), value(12, "tether")));

        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ethereum");
            assertThat(p.letter().reason())
                    .isEqualTo("write_rejected: MongoDB refused the document (code 121): invalid");
            assertThat(p.letter().sourceOffset()).isEqualTo(11L);
            assertThat(p.letter().raw()).isEqualTo(value(11, "ethereum").value());
        });
        assertThat(registry.get(StoreMetrics.WRITTEN).counter().count()).isEqualTo(2);
        assertThat(registry.get(StoreMetrics.DEAD_LETTERED).tag("reason", ReasonCode.WRITE_REJECTED.tag()).counter()
                .count()).isEqualTo(1);
    }

    @Test
    void retriesAFailedWriteUntilMongoDbTakesItReportingTheFailureMeanwhile() {
        List<Optional<WriteState.Failing>> stateSeenByEachAttempt = new ArrayList<>();
        writer.answer(models -> {
            stateSeenByEachAttempt.add(writeState.failing());
            throw new MongoTimeoutException("no server");
        });
        writer.answer(models -> {
            stateSeenByEachAttempt.add(writeState.failing());
            throw new MongoTimeoutException("still no server");
        });
        writer.answer(models -> {
            stateSeenByEachAttempt.add(writeState.failing());
            return new InsertAnswer(1, 1, List.of(), List.of());
        });

        processor.process(List.of(value(1, "bitcoin"), value(2, "ethereum")));

        assertThat(writer.calls).extracting(List::size).containsExactly(2, 2, 2);
        assertThat(stateSeenByEachAttempt.get(0)).isEmpty();
        assertThat(stateSeenByEachAttempt.get(2)).hasValueSatisfying(failing -> {
            assertThat(failing.attempts()).isEqualTo(2);
            assertThat(failing.lastError()).contains("still no server");
        });
        assertThat(writeState.failing()).as("ready again once MongoDB took the write").isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void writesAgainOnlyTheModelsMongoDbDidNotApply() {
        writer.answer(models -> new InsertAnswer(2, 0, List.of(), List.of(1)));
        writer.answer(models -> new InsertAnswer(1, 0, List.of(), List.of()));

        processor.process(List.of(value(1, "bitcoin"), value(2, "ethereum"), value(3, "tether")));

        assertThat(writer.calls).hasSize(2);
        assertThat(writer.calls.get(1)).singleElement()
                .satisfies(record -> assertThat(record.coinId()).isEqualTo("ethereum"));
        assertThat(registry.get(StoreMetrics.WRITTEN).counter().count()).isEqualTo(3);
    }

    @Test
    void leavesTheBatchUnfinishedWhenTheServiceStopsWhileMongoDbIsAway() {
        writer.answer(models -> {
            throw new MongoTimeoutException("no server");
        });
        writer.answer(models -> {
            stop.raise();
            throw new MongoTimeoutException("no server");
        });

        assertThatThrownBy(() -> processor.process(List.of(value(1, "bitcoin"), new IncomingValue("market.raw", 0,
                2, "x", "not json"))))
                .isInstanceOf(StoppingException.class);
        assertThat(published).as("nothing of an unacknowledged batch is dead-lettered yet").isEmpty();
    }

    @Test
    void neverWritesARefusedRecord() {
        processor.process(List.of(new IncomingValue("market.raw", 2, 7, "bitcoin", "{\"coin_id\":")));

        assertThat(writer.calls).isEmpty();
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("bitcoin");
            assertThat(p.letter().reason()).startsWith(ReasonCode.MALFORMED_JSON.tag() + ": ");
            assertThat(p.letter().sourceTopic()).isEqualTo("market.raw");
            assertThat(p.letter().sourcePartition()).isEqualTo(2);
            assertThat(p.letter().sourceOffset()).isEqualTo(7L);
        });
    }

    @Test
    void deadLettersARecordThatBreaksAContractRuleAsAContractViolationWithTheRulesDetail() {
        writer.answer(models -> new InsertAnswer(models.size(), 0, List.of(), List.of()));
        IncomingValue negative = new IncomingValue("market.raw", 1, 3, "bitcoin",
                value(3, "bitcoin").value().replace("\"current_price\":1.5", "\"current_price\":-1"));

        processor.process(List.of(value(2, "ethereum"), negative));

        assertThat(writer.calls).singleElement().satisfies(models -> assertThat(models).hasSize(1));
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("bitcoin");
            assertThat(p.letter().reason())
                    .isEqualTo("contract_violation: current_price must not be negative, was -1.0");
            assertThat(p.letter().raw()).isEqualTo(negative.value());
        });
        assertThat(registry.get(StoreMetrics.DEAD_LETTERED).tag("reason", "contract_violation").counter().count())
                .isEqualTo(1);
    }

    private static IncomingValue value(long offset, String coinId) {
        return new IncomingValue("market.raw", 0, offset, coinId, """
                {"schema_version":1,"coin_id":"%s","symbol":"x","name":"X","timestamp":"2025-11-02T13:24:54.319Z",
                 "fetched_at":"2025-11-02T13:25:00Z","source":"poll","current_price":1.5}""".formatted(coinId));
    }

    private static StoreConfig retryEvery(Duration initial, Duration max) {
        return new StoreConfig() {
            @Override
            public Retry retry() {
                return new Retry() {
                    @Override
                    public Duration initialDelay() {
                        return initial;
                    }

                    @Override
                    public Duration maxDelay() {
                        return max;
                    }
                };
            }

            @Override
            public DeadLetters deadLetters() {
                throw new UnsupportedOperationException("not used by the processor");
            }

            @Override
            public Duration lagInterval() {
                throw new UnsupportedOperationException("not used by the processor");
            }

            @Override
            public Duration retention() {
                throw new UnsupportedOperationException("not used by the processor");
            }

            @Override
            public Optional<Duration> retentionChangeFrom() {
                throw new UnsupportedOperationException("not used by the processor");
            }

            @Override
            public Duration adminTimeout() {
                throw new UnsupportedOperationException("not used by the processor");
            }
        };
    }

    private record Published(String key, DeadLetter letter) {
    }

    /** Answers each write with the next scripted answer and remembers what it was asked to write. */
    private static final class ScriptedWriter extends RawRecordWriter {
        private final List<Function<List<MarketRecord>, InsertAnswer>> answers = new ArrayList<>();
        final List<List<MarketRecord>> calls = new ArrayList<>();

        ScriptedWriter(StoreMetrics metrics) {
            super(null, metrics);
        }

        void answer(Function<List<MarketRecord>, InsertAnswer> answer) {
            answers.add(answer);
        }

        @Override
        public InsertAnswer write(List<MarketRecord> records) {
            calls.add(records);
            return answers.get(Math.min(calls.size(), answers.size()) - 1).apply(records);
        }
    }
}
