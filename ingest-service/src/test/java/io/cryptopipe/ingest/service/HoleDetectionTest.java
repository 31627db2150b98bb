package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.ingest.client.CoinGeckoException;
import io.cryptopipe.ingest.client.KeyUsage;
import io.cryptopipe.ingest.client.PlanLimits;
import io.cryptopipe.ingest.messaging.BrokerUnavailableException;
import io.cryptopipe.ingest.model.RawRecord;
import io.cryptopipe.ingest.repository.FreshMongoCollection;
import io.cryptopipe.ingest.repository.MongoPollerLease;
import io.cryptopipe.ingest.repository.MongoRepairJobs;
import io.cryptopipe.runtime.Backoff;
import io.cryptopipe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holes noticed on a clock the test moves, with the real poller, lease and job store (the MongoDB wire server): only
 * the poll itself is scripted, to succeed or to fail as CoinGecko or the broker would. Whatever the cause (CoinGecko
 * down, the broker down, a restart, a takeover) a stretch without a successful poll longer than the minimum gap
 * becomes one job from the last successful poll to the first after it, with the coins of the poll before the hole.
 */
class HoleDetectionTest {

    @RegisterExtension
    static final FreshMongoCollection MONGO = new FreshMongoCollection("market_repair_jobs");

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration MIN_GAP = INTERVAL.multipliedBy(3);
    private static final List<String> RANKED = List.of("bitcoin", "ethereum", "tether", "solana", "dogecoin");
    /** The top 3 of the poll before the hole, and the required coin it saw further down. */
    private static final List<String> REPAIRED = List.of("bitcoin", "ethereum", "tether", "dogecoin");

    private final MutableClock clock = new MutableClock(START);
    private MongoCollection<Document> leases;
    private final List<Replica> running = new ArrayList<>();

    @BeforeEach
    void emptyLeases() {
        leases = MONGO.sibling("ingest_leases");
    }

    /** The poll, replaced by the test's script; remembers when it succeeded. */
    private static final class ScriptedPoll extends MarketPoll {
        volatile Function<Instant, RuntimeException> failure = at -> null;
        final List<Instant> successes = new ArrayList<>();
        int attempts;

        ScriptedPoll() {
            super(null, null, null, null, null, null, null, null);
        }

        @Override
        List<RawRecord> attempt(Instant polledAt) {
            attempts++;
            RuntimeException failed = failure.apply(polledAt);
            if (failed != null) {
                throw failed;
            }
            successes.add(polledAt);
            return RANKED.stream().map(HoleDetectionTest::record).toList();
        }
    }

    /** One replica of the service: its lease, its poller and hole detector, on the shared MongoDB. */
    private final class Replica {
        final MongoPollerLease lease;
        final ScriptedPoll poll = new ScriptedPoll();
        final MarketPoller poller;

        Replica(String holder, Duration leaseTtl) {
            this(holder, () -> leaseTtl, () -> INTERVAL, Optional.of(MIN_GAP));
        }

        /** Paced as the service paces it: lease, schedule and minimum gap all ask the plan for the interval. */
        Replica(String holder, PollingPlan plan) {
            this(holder, plan::interval, plan::interval, Optional.empty());
        }

        private Replica(String holder, Supplier<Duration> leaseTtl, Supplier<Duration> interval,
                Optional<Duration> minGap) {
            lease = new MongoPollerLease(leases, "market-poll", holder, leaseTtl);
            // Each replica reads the store afresh, as a new process would.
            HoleDetector holes = new HoleDetector(store(),
                    new RepairMetrics(new SimpleMeterRegistry()), minGap, interval, 3, Set.of("dogecoin"), clock);
            poller = new MarketPoller(poll, new PollStatus(new SimpleMeterRegistry(), clock), lease,
                    new PollSchedule(interval, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
                            new Random(1))), true, clock, Duration.ofSeconds(1), holes);
            running.add(this);
        }

        void stop() {
            poller.stop(new ShutdownEvent());
            lease.release();
            running.remove(this);
        }

        /** Dies: no shutdown, the lease is left to expire. */
        void die() {
            running.remove(this);
        }
    }

    private Replica replica(String holder) {
        return new Replica(holder, INTERVAL);
    }

    /** The scheduler's ticks of every running replica, once a second of simulated time, for {@code span}. */
    private void runFor(Duration span) {
        Instant end = clock.instant().plus(span);
        while (clock.instant().isBefore(end)) {
            for (Replica replica : List.copyOf(running)) {
                replica.poller.renewLease();
                replica.poller.tick();
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    /** The job store on the shared MongoDB, read afresh as a new process would. */
    private MongoRepairJobs store() {
        return new MongoRepairJobs(MONGO.fresh(), leases, Duration.ofDays(30));
    }

    private List<RepairJob> jobs() {
        return store().unfinished();
    }

    private static Instant lastBefore(List<Instant> times, Instant limit) {
        return times.stream().filter(t -> t.isBefore(limit)).max(Instant::compareTo).orElseThrow();
    }

    private static Instant firstAfter(List<Instant> times, Instant limit) {
        return times.stream().filter(t -> t.isAfter(limit)).min(Instant::compareTo).orElseThrow();
    }

    private static void assertOneJob(List<RepairJob> jobs, Instant from, Instant until) {
        assertThat(jobs).hasSize(1);
        RepairJob job = jobs.get(0);
        assertThat(job.from()).isEqualTo(from);
        assertThat(job.until()).isEqualTo(until);
        assertThat(job.coins()).extracting(RepairCoin::id).containsExactlyElementsOf(REPAIRED);
        assertThat(job.coins().get(0)).isEqualTo(new RepairCoin("bitcoin", "btc", "Bitcoin"));
        assertThat(job.done()).isEmpty();
    }

    @Test
    void aCoinGeckoOutageLongerThanTheMinimumGapIsOneJobFromTheLastSuccessToTheFirstAfter() {
        Replica replica = replica("a");
        runFor(Duration.ofMinutes(2));
        Instant outage = clock.instant();
        replica.poll.failure = at -> at.isBefore(outage.plus(Duration.ofMinutes(5)))
                ? new CoinGeckoException(CoinGeckoException.Kind.SERVER_ERROR, "HTTP 503 (test)") : null;
        runFor(Duration.ofMinutes(7));

        assertOneJob(jobs(), lastBefore(replica.poll.successes, outage), firstAfter(replica.poll.successes, outage));
    }

    @Test
    void aBrokerOutageIsAHoleAsWell() {
        Replica replica = replica("a");
        runFor(Duration.ofMinutes(2));
        Instant outage = clock.instant();
        replica.poll.failure = at -> at.isBefore(outage.plus(Duration.ofMinutes(3)))
                ? new BrokerUnavailableException("broker unreachable (test)") : null;
        runFor(Duration.ofMinutes(5));

        assertOneJob(jobs(), lastBefore(replica.poll.successes, outage), firstAfter(replica.poll.successes, outage));
    }

    @Test
    void failuresRetriedWithinTheMinimumGapAreNoHole() {
        Replica replica = replica("a");
        runFor(Duration.ofMinutes(2));
        Instant outage = clock.instant();
        replica.poll.failure = at -> at.isBefore(outage.plus(Duration.ofSeconds(40)))
                ? new CoinGeckoException(CoinGeckoException.Kind.TIMEOUT, "no answer (test)") : null;
        runFor(Duration.ofMinutes(3));

        Instant last = lastBefore(replica.poll.successes, outage);
        assertThat(Duration.between(last, firstAfter(replica.poll.successes, outage))).isLessThanOrEqualTo(MIN_GAP);
        assertThat(jobs()).isEmpty();
    }

    @Test
    void aRestartSeesTheHoleItsAbsenceMade() {
        Replica before = replica("before-restart");
        runFor(Duration.ofMinutes(2));
        before.stop();
        Instant stopped = clock.instant();
        runFor(Duration.ofMinutes(10));
        assertThat(jobs()).isEmpty();

        Replica after = replica("after-restart");
        runFor(Duration.ofMinutes(1));

        assertOneJob(jobs(), lastBefore(before.poll.successes, stopped), after.poll.successes.get(0));
    }

    @Test
    void aTakeoverSeesTheHoleTheDeadReplicaLeft() {
        // A lease living longer than the minimum gap: the takeover itself makes a hole.
        Replica first = new Replica("first", Duration.ofMinutes(3));
        Replica second = new Replica("second", Duration.ofMinutes(3));
        runFor(Duration.ofMinutes(2));
        assertThat(second.poll.attempts).as("polls of the replica without the lease").isZero();
        first.die();
        Instant died = clock.instant();
        runFor(Duration.ofMinutes(5));

        assertThat(second.poll.successes).isNotEmpty();
        assertOneJob(jobs(), lastBefore(first.poll.successes, died), second.poll.successes.get(0));
    }

    @Test
    void theSameHoleNoticedTwiceIsOneJob() {
        MongoRepairJobs store = store();
        RepairJob job = RepairJob.open(START, START.plus(Duration.ofMinutes(20)), START.plus(Duration.ofMinutes(20)),
                List.of(new RepairCoin("bitcoin", "btc", "Bitcoin")));
        store.open(job);
        store.coinDone(job, "bitcoin");
        store.open(job);

        assertThat(store.unfinished()).singleElement().satisfies(open -> assertThat(open.done())
                .containsExactly("bitcoin"));
    }

    @Test
    void thePaceFollowsThePlansLimitsAndAChangeOfPaceIsNoHole() {
        // Configured: 500 calls a minute and 500,000 a month, which polls every 30 s fit.
        PlanLimits limits = new PlanLimits(500, 500_000);
        Replica replica = new Replica("ingest-a", new PollingPlan(INTERVAL, 1, 0.9, limits));
        runFor(Duration.ofMinutes(2));

        // /key reports a plan of 10,000 calls a month: every 298 s, the lease living as long.
        limits.fromKey(new KeyUsage("Small", 30, 10_000, 0, 10_000), YearMonth.of(2026, 12), 0);
        runFor(Duration.ofSeconds(964));
        Document lease = leases.find(new Document("_id", "market-poll")).first();
        assertThat(Duration.between(lease.getDate("renewed_at").toInstant(), lease.getDate("expires_at").toInstant()))
                .isEqualTo(Duration.ofSeconds(298));

        // Back to the configuration 100 s after the last poll: more than three of the new intervals, one old one.
        limits.fromConfiguration();
        runFor(Duration.ofMinutes(2));

        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < replica.poll.successes.size(); i++) {
            gaps.add(Duration.between(replica.poll.successes.get(i - 1), replica.poll.successes.get(i)));
        }
        assertThat(gaps).extracting(Duration::toSeconds).containsExactly(30L, 30L, 30L, 298L, 298L, 298L, 100L,
                30L, 30L, 30L);
        assertThat(jobs()).as("repair jobs").isEmpty();
    }

    static RawRecord record(String id) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("symbol", id.equals("bitcoin") ? "btc" : id.substring(0, 3));
        json.put("name", Character.toUpperCase(id.charAt(0)) + id.substring(1));
        return new RawRecord(json, json.toString());
    }
}
