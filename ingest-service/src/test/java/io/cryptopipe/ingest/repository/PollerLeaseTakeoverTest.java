package io.cryptopipe.ingest.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.ingest.LeasedLocalStackTestResource;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas sharing the poller lease: the service under test, and a second participant in the same JVM (a
 * {@link MongoPollerLease} renewed by the test, standing for a replica that polls) against the real MongoDB wire
 * server. A second Quarkus application cannot run in the same JVM, and two packaged processes would need the
 * end-to-end module; this proves the service's side of the protocol: it stays idle while the other replica holds
 * the lease, and takes over within two poll intervals once that replica stops renewing.
 */
@QuarkusTest
@TestProfile(PollerLeaseTakeoverTest.Profile.class)
@WithTestResource(LeasedLocalStackTestResource.class)
class PollerLeaseTakeoverTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String SERVICE = "ingest-under-test";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.poll.interval", INTERVAL.toSeconds() + "s",
                    "ingest.lease.enabled", "true",
                    "ingest.lease.holder", SERVICE);
        }
    }

    @Test
    void theServiceStaysIdleWhileAnotherReplicaHoldsTheLeaseAndTakesOverWithinTwoIntervalsWhenItDies() {
        StandInFaults coingecko = LocalStackTestResource.coingecko().faults();
        try (MongoClient client = MongoClients.create(LocalStackTestResource.testMongo().connectionString())) {
            MongoCollection<Document> leases = client.getDatabase(LocalStackTestResource.testMongo().database())
                    .getCollection(LeasedLocalStackTestResource.COLLECTION);
            MongoPollerLease rival = new MongoPollerLease(leases, "market-poll", LeasedLocalStackTestResource.RIVAL,
                    INTERVAL);

            // The other replica is alive for three poll intervals: the service never calls CoinGecko.
            await().during(INTERVAL.multipliedBy(3)).atMost(INTERVAL.multipliedBy(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> rival.holds(Instant.now()) && coingecko.requests().isEmpty());
            RestAssured.get("/q/health/ready").then().statusCode(200);

            Instant died = Instant.now(); // it stops renewing
            List<StandInFaults.Request> calls = await().atMost(INTERVAL.multipliedBy(5))
                    .until(coingecko::requests, requests -> !requests.isEmpty());

            assertThat(Duration.between(died, calls.get(0).at())).isLessThan(INTERVAL.multipliedBy(2));
            assertThat(leases.find().first()).containsEntry("holder", SERVICE);
            assertThat(rival.holds(Instant.now())).as("the old holder, back").isFalse();
        }
    }
}
