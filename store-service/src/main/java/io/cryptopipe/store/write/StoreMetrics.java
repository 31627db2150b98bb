package io.cryptopipe.store.write;

import io.cryptopipe.contract.ReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters. All of them exist from start-up, at zero, so that dashboards and alerts see a series
 * before the first record arrives.
 */
@Startup
@ApplicationScoped
public class StoreMetrics {

    public static final String WRITTEN = "store.records.written";
    public static final String DUPLICATES = "store.records.duplicates";
    public static final String DEAD_LETTERED = "store.records.dead.lettered";
    public static final String BULK_WRITE = "store.bulk.write";
    public static final String BATCH_SIZE = "store.batch.size";
    public static final String LAST_WRITE_AGE = "store.last.write.age";
    public static final String WRITES_FAILING = "store.writes.failing";

    static final String OUTCOME_SUCCESS = "success";
    static final String OUTCOME_PARTIAL = "partial";
    static final String OUTCOME_FAILURE = "failure";

    // Every code the store dead-letters with: the decoder's, the contract's (all as contract_violation, but for an
    // unknown version), and MongoDB's refusal.
    private static final Set<ReasonCode> REASON_CODES = EnumSet.of(ReasonCode.EMPTY_VALUE,
            ReasonCode.MALFORMED_JSON, ReasonCode.NOT_AN_OBJECT, ReasonCode.WRONG_TYPE,
            ReasonCode.UNSUPPORTED_SCHEMA_VERSION, ReasonCode.CONTRACT_VIOLATION, ReasonCode.WRITE_REJECTED);

    private final MeterRegistry registry;
    private final Counter written;
    private final Counter duplicates;
    private final DistributionSummary batchSize;

    StoreMetrics(MeterRegistry registry, WriteState writeState) {
        this.registry = registry;
        this.written = Counter.builder(WRITTEN)
                .description("Observations stored for the first time")
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Observations received again and already stored (the insert answered a duplicate key)")
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Records per consumed Kafka batch")
                .baseUnit("records")
                .register(registry);
        REASON_CODES.forEach(this::deadLetterCounter);
        List.of(OUTCOME_SUCCESS, OUTCOME_PARTIAL, OUTCOME_FAILURE).forEach(this::bulkWriteTimer);
        Gauge.builder(LAST_WRITE_AGE, writeState, WriteState::secondsSinceLastWrite)
                .description("Seconds since MongoDB last acknowledged a bulk write")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        // What the "MongoDB writes" readiness check reports, as a series: health checks are not metrics, and the
        // StoreNotReady alert needs one per pod.
        Gauge.builder(WRITES_FAILING, writeState, state -> state.failing().isPresent() ? 1 : 0)
                .description("1 while a bulk write MongoDB did not take is being retried (readiness DOWN), else 0")
                .strongReference(true)
                .register(registry);
    }

    void batchReceived(int size) {
        batchSize.record(size);
    }

    void stored(int inserted, int duplicated) {
        written.increment(inserted);
        duplicates.increment(duplicated);
    }

    void deadLettered(ReasonCode reasonCode) {
        deadLetterCounter(reasonCode).increment();
    }

    void bulkWrite(long nanos, String outcome) {
        bulkWriteTimer(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter deadLetterCounter(ReasonCode reasonCode) {
        return Counter.builder(DEAD_LETTERED)
                .description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reasonCode.tag())
                .register(registry);
    }

    private Timer bulkWriteTimer(String outcome) {
        return Timer.builder(BULK_WRITE)
                .description("Duration of one unordered insert into market_data_raw, by outcome: success (all stored), "
                        + "partial (some already stored, refused or to retry), failure (none counted)")
                .tag("outcome", outcome)
                .register(registry);
    }
}
