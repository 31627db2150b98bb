package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.ingest.LeasedLocalStackTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas sharing the poller lease: the service under test, and a second participant in the same JVM (a
 * {@link MongoPollerLease} renewed by the test, standing for a replica that polls) against the real MongoDB wire
 * server. A second Quarkus application cannot run in the same JVM, and two packaged processes would need the
 * end-to-end module; this proves the service's side of the protocol: it stays idle while the other replica holds
 * the lease, and takes over within two poll intervals once that replica stops renewing.
 * <p>
 * Both replicas read the same simulated clock, which the test moves in steps, running the service's scheduler ticks
 * at each: the takeover instant is exact, whatever the load on the machine.
 */
@QuarkusTest
@TestProfile(PollerLeaseTakeoverTest.Profile.class)
@WithTestResource(LeasedLocalStackTestResource.class)
class PollerLeaseTakeoverTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** While the rival renews (every third of its time to live); then finer, to see the takeover's instant. */
    private static final Duration ALIVE_STEP = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofMillis(500);
    private static final String SERVICE = "ingest-under-test";

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            Map<String, String> config = new HashMap<>(Map.of(
                    "ingest.poll.interval", INTERVAL.toSeconds() + "s",
                    "ingest.lease.enabled", "true",
                    "ingest.lease.holder", SERVICE));
            // One application for both: MongoClientSettingsOverrideTest checks these win.
            config.putAll(MongoClientSettingsOverrideTest.USER_SETTINGS);
            return config;
        }
    }

    @Inject
    SimulatedTime time;

    @Test
    void theServiceStaysIdleWhileAnotherReplicaHoldsTheLeaseAndTakesOverWithinTwoIntervalsWhenItDies() {
        StandInFaults coingecko = LocalStackTestResource.coingecko().faults();
        try (MongoClient client = MongoClients.create(LocalStackTestResource.testMongo().connectionString())) {
            MongoCollection<Document> leases = client.getDatabase(LocalStackTestResource.testMongo().database())
                    .getCollection(LeasedLocalStackTestResource.COLLECTION);
            MongoPollerLease rival = new MongoPollerLease(leases, "market-poll", LeasedLocalStackTestResource.RIVAL,
                    INTERVAL);

            // The other replica is alive for three poll intervals: the service never calls CoinGecko.
            Instant aliveUntil = time.now().plus(INTERVAL.multipliedBy(3));
            while (time.now().isBefore(aliveUntil)) {
                assertThat(rival.holds(time.now())).as("the rival at %s", time.now()).isTrue();
                runServiceTicks();
                assertThat(coingecko.requests()).as("calls while the rival holds the lease").isEmpty();
                time.advance(ALIVE_STEP);
            }
            assertThat(rival.holds(time.now())).isTrue();
            RestAssured.get("/q/health/ready").then().statusCode(200);

            // It stops renewing: its lease runs until the expiry it last wrote, and not a moment longer.
            Document lastRenewal = leases.find().first();
            assertThat(lastRenewal).containsEntry("holder", LeasedLocalStackTestResource.RIVAL);
            Instant renewedAt = lastRenewal.getDate("renewed_at").toInstant();
            Instant expiresAt = lastRenewal.getDate("expires_at").toInstant();
            Instant takenAt = null;
            while (takenAt == null) {
                time.advance(STEP);
                runServiceTicks();
                Document lease = leases.find().first();
                if (SERVICE.equals(lease.getString("holder"))) {
                    takenAt = lease.getDate("renewed_at").toInstant();
                } else {
                    assertThat(coingecko.requests()).as("calls at %s, before the takeover", time.now()).isEmpty();
                }
            }

            assertThat(takenAt).as("taken at the first step past the expiry")
                    .isEqualTo(time.now()).isAfter(expiresAt).isBeforeOrEqualTo(expiresAt.plus(STEP));
            assertThat(Duration.between(renewedAt, takenAt)).isLessThan(INTERVAL.multipliedBy(2));
            // The poll follows the takeover on the same simulated instant.
            assertThat(coingecko.requests()).as("calls once the lease is taken").isNotEmpty();
            assertThat(rival.holds(time.now())).as("the old holder, back").isFalse();
        }
    }

    /** Both scheduled methods take or renew the lease; each runs whole at the time now set. */
    private void runServiceTicks() {
        time.tick();
    }
}
