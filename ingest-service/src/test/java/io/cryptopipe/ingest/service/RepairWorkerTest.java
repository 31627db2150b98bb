package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.client.CallBudget;
import io.cryptopipe.ingest.client.CoinGeckoJsonReader;
import io.cryptopipe.ingest.messaging.RecordingPublisher;
import io.cryptopipe.ingest.repository.FreshMongoCollection;
import io.cryptopipe.ingest.repository.MongoRepairJobs;
import io.cryptopipe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair worker on a clock the test moves, with the real job store (MongoDB wire server), budget, reader and
 * record sink; CoinGecko's history is scripted by CoinGecko's rules (the last day at 5-minute points, a range at hourly
 * points) and the broker records what it acknowledges.
 */
class RepairWorkerTest {

    @RegisterExtension
    static final FreshMongoCollection MONGO = new FreshMongoCollection("market_repair_jobs");

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration TICK = Duration.ofSeconds(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-15T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RepairMetrics metrics = new RepairMetrics(registry);
    private final RecordingPublisher broker = new RecordingPublisher();
    private final ScriptedCharts charts = new ScriptedCharts();
    private MongoRepairJobs jobs;
    private CallBudget budget;
    private Duration interval = Duration.ofMinutes(10);

    @BeforeEach
    void emptyStore() {
        jobs = new MongoRepairJobs(MONGO.fresh(), MONGO.sibling("ingest_leases"), Duration.ofDays(30));
        budget = new CallBudget(clock, 30, 10_000);
    }

    /** CoinGecko's history of every coin: a price for each point in time, by its rules of resolution. */
    private final class ScriptedCharts implements RepairWorker.Charts {
        final Map<String, Integer> lastDayCalls = new ConcurrentHashMap<>();
        final List<String> rangeCalls = new ArrayList<>();

        @Override
        public JsonNode lastDay(String coinId) {
            lastDayCalls.merge(coinId, 1, Integer::sum);
            Instant now = clock.instant();
            Instant first = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
            return chart(first, now, FIVE_MINUTES);
        }

        @Override
        public JsonNode range(String coinId, Instant from, Instant until) {
            rangeCalls.add(coinId + " " + from + ".." + until);
            return chart(from.truncatedTo(ChronoUnit.HOURS), until, Duration.ofHours(1));
        }
    }

    static double price(Instant at) {
        return 100 + at.getEpochSecond() % 3600 / 60.0;
    }

    private static JsonNode chart(Instant first, Instant last, Duration step) {
        ObjectNode chart = JsonNodeFactory.instance.objectNode();
        ArrayNode prices = chart.putArray("prices");
        ArrayNode caps = chart.putArray("market_caps");
        ArrayNode volumes = chart.putArray("total_volumes");
        for (Instant at = first; !at.isAfter(last); at = at.plus(step)) {
            prices.addArray().add(at.toEpochMilli()).add(price(at));
            caps.addArray().add(at.toEpochMilli()).add(1e9);
            volumes.addArray().add(at.toEpochMilli()).add(1e7);
        }
        return chart;
    }

    private RepairWorker worker(PollerLease lease) {
        return new RepairWorker(jobs, charts, new RepairBudget(budget, interval, 1, clock), new CoinGeckoJsonReader(),
                broker.sink(registry, clock), lease, metrics, true, Duration.ofHours(1), clock);
    }

    private RepairWorker worker() {
        return worker(now -> true);
    }

    private static List<RepairCoin> coins(int count) {
        return IntStream.range(0, count).mapToObj(i -> new RepairCoin("coin-" + i, "c" + i, "Coin " + i)).toList();
    }

    private RepairJob openJob(Instant from, Instant until, int coins) {
        RepairJob job = RepairJob.open(from, until, clock.instant(), coins(coins));
        jobs.open(job);
        return job;
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void publishesOnlyThePointsStrictlyInsideTheHoleMarkedRepairedWithTheFieldsTheHistoryLacksNull() {
        // The hole's ends are the polls around it, on the 5-minute grid: their points are observed, never repaired.
        Instant from = clock.instant().minus(Duration.ofMinutes(40));
        Instant until = clock.instant().minus(Duration.ofMinutes(20));
        openJob(from, until, 3);
        worker().tick();

        List<MarketRecord> published = broker.published();
        assertThat(published).hasSize(3 * 3);
        assertThat(published).allSatisfy(record -> {
            assertThat(record.source()).isEqualTo(MarketRecord.SOURCE_REPAIR);
            assertThat(record.observed()).isFalse();
            assertThat(record.timestamp()).isAfter(from).isBefore(until);
            assertThat(record.currentPrice()).isEqualTo(price(record.timestamp()));
            assertThat(record.marketCap()).isEqualTo(1e9);
            assertThat(record.high24h()).isNull();
            assertThat(record.marketCapRank()).isNull();
            assertThat(record.circulatingSupply()).isNull();
        });
        assertThat(published).filteredOn(record -> record.coinId().equals("coin-1"))
                .extracting(record -> record.timestamp() + " " + record.symbol() + " " + record.name())
                .containsExactly(from.plus(FIVE_MINUTES) + " c1 Coin 1",
                        from.plus(FIVE_MINUTES.multipliedBy(2)) + " c1 Coin 1",
                        from.plus(FIVE_MINUTES.multipliedBy(3)) + " c1 Coin 1");
        assertThat(charts.lastDayCalls).containsOnly(Map.entry("coin-0", 1), Map.entry("coin-1", 1),
                Map.entry("coin-2", 1));
        assertThat(jobs.unfinished()).isEmpty();
        assertThat(count("ingest.repair.jobs", "outcome", "repaired")).isEqualTo(1);
        assertThat(registry.get("ingest.repair.calls").counter().count()).isEqualTo(3);
        assertThat(registry.get("ingest.repaired.points").counter().count()).isEqualTo(9);
        assertThat(registry.get("ingest.repair.open.jobs").gauge().value()).isZero();
    }

    @Test
    void sharesTheMinuteWithThePollsWithoutEverDeferringOneOrOverspending() {
        interval = Duration.ofSeconds(30);
        budget = new CallBudget(clock, 30, 10_000_000);
        openJob(clock.instant().minus(Duration.ofMinutes(30)), clock.instant().minus(Duration.ofMinutes(10)), 50);
        RepairWorker worker = worker();
        List<Instant> pollsRefused = new ArrayList<>();
        Instant start = clock.instant();

        for (int second = 0; second < 600; second++) {
            // A poll every interval (its page and a request by id), each retried once 5 s later.
            if (second % 30 == 0 || second % 30 == 5) {
                for (int call = 0; call < 2; call++) {
                    budget.tryCharge().ifPresent(refusal -> pollsRefused.add(clock.instant()));
                }
            }
            if (second % TICK.toSeconds() == 0) {
                worker.tick();
            }
            assertThat(budget.usedLastMinute()).isLessThanOrEqualTo(30);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(pollsRefused).as("polls refused by the budget").isEmpty();
        assertThat(jobs.unfinished()).as("the job, finished within the 10 minutes").isEmpty();
        assertThat(charts.lastDayCalls.values()).hasSize(50).containsOnly(1);
        assertThat(registry.get("ingest.repair.pauses").counter().count()).as("pauses for budget").isPositive();
        assertThat(start).isBefore(clock.instant());
    }

    @Test
    void usesOnlyWhatThePollsLeaveOfTheMonthAndGoesOnInTheNext() {
        interval = Duration.ofSeconds(30);
        clock.set(Instant.parse("2026-12-31T23:00:00Z"));
        // A month that has room for polls every 30 s (one page each), used up but for the last hour's polls and 10.
        int perMonth = 100_000;
        budget = new CallBudget(clock, 1_000_000, perMonth);
        int kept = 3600 / 30 + 1;
        for (int used = 0; used < perMonth - kept - 10; used++) {
            assertThat(budget.tryCharge()).isEmpty();
        }
        openJob(clock.instant().minus(Duration.ofMinutes(40)), clock.instant().minus(Duration.ofMinutes(20)), 50);
        RepairWorker worker = worker();
        List<Instant> pollsRefused = new ArrayList<>();

        while (clock.instant().isBefore(Instant.parse("2027-01-01T00:00:00Z"))) {
            long second = clock.instant().getEpochSecond();
            if (second % 30 == 0) {
                budget.tryCharge().ifPresent(refusal -> pollsRefused.add(clock.instant()));
            }
            if (second % TICK.toSeconds() == 0) {
                worker.tick();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        int repairCallsInDecember = charts.lastDayCalls.values().stream().mapToInt(Integer::intValue).sum();

        assertThat(pollsRefused).as("polls refused by the budget").isEmpty();
        assertThat(repairCallsInDecember).isBetween(1, 12);
        assertThat(jobs.unfinished()).as("the job, waiting for the next month").hasSize(1);

        assertThat(budget.usedThisMonth()).isLessThanOrEqualTo(perMonth);

        clock.set(Instant.parse("2027-01-01T00:01:00Z"));
        worker.tick();
        assertThat(jobs.unfinished()).as("the job, finished in the new month").isEmpty();
        assertThat(charts.lastDayCalls.values()).hasSize(50).containsOnly(1);
    }

    @Test
    void resumesAfterARestartWithoutFetchingTheFinishedCoinsAgain() {
        openJob(clock.instant().minus(Duration.ofMinutes(40)), clock.instant().minus(Duration.ofMinutes(20)), 5);
        broker.refuse(Set.of("coin-2"));
        worker().tick();
        assertThat(jobs.unfinished()).singleElement().satisfies(job -> assertThat(job.done())
                .containsExactlyInAnyOrder("coin-0", "coin-1"));
        assertThat(registry.get("ingest.repair.failures").counter().count()).isEqualTo(1);

        // A new process: the store read afresh, the broker back.
        broker.refuse(Set.of());
        jobs = new MongoRepairJobs(MONGO.fresh(), MONGO.sibling("unused_leases"), Duration.ofDays(30));
        clock.advance(TICK);
        worker().tick();

        assertThat(jobs.unfinished()).isEmpty();
        assertThat(charts.lastDayCalls).containsOnly(Map.entry("coin-0", 1), Map.entry("coin-1", 1),
                Map.entry("coin-2", 2), Map.entry("coin-3", 1), Map.entry("coin-4", 1));
        assertThat(broker.published().stream().collect(Collectors.groupingBy(MarketRecord::coinId,
                Collectors.counting()))).containsOnly(Map.entry("coin-0", 3L), Map.entry("coin-1", 3L),
                Map.entry("coin-2", 3L), Map.entry("coin-3", 3L), Map.entry("coin-4", 3L));
    }

    @Test
    void aHoleOlderThanTheFiveMinuteHistoryIsFinishedAtHourlyResolution() {
        Instant from = clock.instant().minus(Duration.ofHours(23)).minus(Duration.ofMinutes(30));
        Instant until = from.plus(Duration.ofHours(3));
        openJob(from, until, 2);
        worker().tick();

        assertThat(charts.lastDayCalls).isEmpty();
        assertThat(charts.rangeCalls).containsExactly("coin-0 " + from + ".." + until, "coin-1 " + from + ".." + until);
        assertThat(broker.published()).hasSize(2 * 3).allSatisfy(record -> {
            assertThat(record.timestamp()).isAfter(from).isBefore(until);
            assertThat(record.timestamp().truncatedTo(ChronoUnit.HOURS)).isEqualTo(record.timestamp());
        });
        assertThat(jobs.unfinished()).isEmpty();
        assertThat(count("ingest.repair.jobs", "outcome", "repaired_hourly")).isEqualTo(1);
    }

    @Test
    void onlyTheLeaseHolderRepairs() {
        openJob(clock.instant().minus(Duration.ofMinutes(40)), clock.instant().minus(Duration.ofMinutes(20)), 2);
        worker(now -> false).tick();

        assertThat(charts.lastDayCalls).isEmpty();
        assertThat(broker.published()).isEmpty();
        assertThat(jobs.unfinished()).hasSize(1);
        assertThat(budget.usedThisMonth()).isZero();
    }

    @Test
    void theOldestOpenJobIsShownUntilItIsFinished() {
        openJob(clock.instant().minus(Duration.ofMinutes(40)), clock.instant().minus(Duration.ofMinutes(20)), 30);
        clock.advance(Duration.ofMinutes(5));
        budget = new CallBudget(clock, 30, 10_000);
        interval = Duration.ofSeconds(30);
        worker().tick();

        assertThat(registry.get("ingest.repair.open.jobs").gauge().value()).isEqualTo(1);
        assertThat(registry.get("ingest.repair.oldest.open.job.seconds").gauge().value()).isEqualTo(300);
    }
}
