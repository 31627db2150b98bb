package io.cryptopipe.ingest.repository;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two lease participants (as two replicas would hold them) against the MongoDB wire-protocol server, on a time
 * the test sets, so that expiry needs no waiting.
 */
class MongoPollerLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @RegisterExtension
    static final FreshMongoCollection MONGO = new FreshMongoCollection("ingest_leases");

    @Test
    void whileOneReplicaRenewsTheOtherNeverHoldsTheLease() {
        MongoPollerLease a = lease("replica-a");
        MongoPollerLease b = lease("replica-b");

        assertThat(a.holds(T0)).isTrue();
        for (int second = 1; second <= 300; second++) {
            Instant now = T0.plusSeconds(second);
            assertThat(b.holds(now)).as("replica b at +%ds", second).isFalse();
            assertThat(a.holds(now)).as("replica a at +%ds", second).isTrue();
        }
        assertThat(MONGO.collection().find().first()).containsEntry("holder", "replica-a");
    }

    @Test
    void whenTheHolderDiesTheOtherTakesOverOnceTheLeaseExpires() {
        MongoPollerLease a = lease("replica-a");
        MongoPollerLease b = lease("replica-b");
        assertThat(a.holds(T0)).isTrue();
        Instant lastRenewal = T0.plusSeconds(20);
        assertThat(a.holds(lastRenewal)).isTrue(); // a renews (a third of the TTL has passed), then dies

        Instant takeover = null;
        for (Instant now = lastRenewal; takeover == null; now = now.plusSeconds(1)) {
            if (b.holds(now)) {
                takeover = now;
            }
        }

        assertThat(takeover).isAfter(lastRenewal.plus(TTL)).isBefore(lastRenewal.plus(TTL).plusSeconds(2));
        assertThat(a.holds(takeover.plusSeconds(1))).as("the old holder, back from the dead").isFalse();
        assertThat(MONGO.collection().find().first()).containsEntry("holder", "replica-b");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        MongoPollerLease a = lease("replica-a");
        MongoPollerLease b = lease("replica-b");
        assertThat(a.holds(T0)).isTrue();

        a.release();

        assertThat(b.holds(T0.plusSeconds(1))).isTrue();
    }

    @Test
    void atNoMomentDoTwoLiveReplicasBelieveTheyHoldTheLeaseWhateverTheirDeathsAndReturns() {
        SplittableRandom random = new SplittableRandom(11);
        MongoPollerLease[] replicas = {lease("r0"), lease("r1"), lease("r2")};
        boolean[] alive = {true, true, true};
        int takeovers = 0;
        String lastHolder = null;
        for (int second = 0; second < 3_000; second++) {
            Instant now = T0.plusSeconds(second);
            if (random.nextDouble() < 0.02) {
                int r = random.nextInt(3);
                alive[r] = !alive[r]; // a replica dies (stops renewing) or comes back
            }
            int holding = 0;
            for (int i = 0; i < replicas.length; i++) {
                // What MarketPoller asks before every poll; a dead replica asks nothing.
                if (alive[i] && replicas[i].holds(now)) {
                    holding++;
                    if (!replicas[i].holder().equals(lastHolder)) {
                        takeovers++;
                        lastHolder = replicas[i].holder();
                    }
                }
            }
            assertThat(holding).as("replicas that would poll at +%ds", second).isLessThanOrEqualTo(1);
        }
        assertThat(takeovers).as("takeovers in the run").isGreaterThan(3);
    }

    private MongoPollerLease lease(String holder) {
        return new MongoPollerLease(MONGO.collection(), "market-poll", holder, TTL);
    }
}
