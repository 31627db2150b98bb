package io.cryptopipe.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What repair does, as metrics (listed in docs/repair.md): jobs by outcome, calls, repaired points,
 * pauses for budget and failed attempts; and, as last seen by the lease holder, the open jobs and how long the oldest
 * has waited. A replica that does not hold the lease shows no open jobs, so that an alert takes the maximum.
 */
@Singleton
public class RepairMetrics {

    /** Outcomes of {@code ingest_repair_jobs_total}: a job opened for a hole, and how it finished. */
    public static final List<String> OUTCOMES = List.of("opened", "repaired", "repaired_hourly");

    private final MeterRegistry registry;
    private final Counter calls;
    private final Counter points;
    private final Counter pauses;
    private final Counter failures;
    private volatile int openJobs;
    private volatile double oldestOpenSeconds;

    public RepairMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::jobs);
        calls = Counter.builder("ingest.repair.calls").description("CoinGecko calls made to repair holes")
                .register(registry);
        points = Counter.builder("ingest.repaired.points")
                .description("Repaired points (source repair) the broker acknowledged").register(registry);
        pauses = Counter.builder("ingest.repair.pauses")
                .description("Times repair paused because the polls needed what was left of the budget")
                .register(registry);
        failures = Counter.builder("ingest.repair.failures")
                .description("Repair attempts that failed (CoinGecko or the broker) and are tried again")
                .register(registry);
        Gauge.builder("ingest.repair.open.jobs", this, metrics -> metrics.openJobs)
                .description("Repair jobs not finished, as last seen by the lease holder").register(registry);
        Gauge.builder("ingest.repair.oldest.open.job.seconds", this, metrics -> metrics.oldestOpenSeconds)
                .description("How long the oldest unfinished repair job has been open").register(registry);
    }

    void opened() {
        jobs("opened").increment();
    }

    void finished(String outcome) {
        jobs(outcome).increment();
    }

    void called() {
        calls.increment();
    }

    void repaired(int count) {
        points.increment(count);
    }

    void paused() {
        pauses.increment();
    }

    void failed() {
        failures.increment();
    }

    /** The open jobs as the lease holder sees them now; none when this replica does not hold the lease. */
    void open(List<RepairJob> jobs, Instant now) {
        openJobs = jobs.size();
        oldestOpenSeconds = jobs.stream().map(RepairJob::openedAt).min(Instant::compareTo)
                .map(opened -> (double) Math.max(0, Duration.between(opened, now).toSeconds())).orElse(0.0);
    }

    private Counter jobs(String outcome) {
        return Counter.builder("ingest.repair.jobs").description("Repair jobs opened for holes, and finished")
                .tag("outcome", outcome).register(registry);
    }
}
