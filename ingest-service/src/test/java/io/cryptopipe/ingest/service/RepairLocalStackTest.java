package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.SimulatedStandInTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.TopicReader;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cryptopipe.ingest.service.MarketPollerLocalStackTest.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hole repaired end to end on simulated time: the CoinGecko stand-in (replaying at the service's own pace, so its
 * history's timestamps are the service's time) refuses {@code /coins/markets} for 20 minutes; the poller's next success
 * opens a job, and the repair worker, ticked by the test while the polls go on, fetches each of the top 50 coins'
 * last day over real HTTP within the demo plan's 30 calls a minute and publishes to the real broker exactly the
 * 5-minute points strictly inside the hole (as the stand-in's own answer, asked for independently, has them), with
 * source repair. No poll is deferred meanwhile.
 */
@QuarkusTest
@TestProfile(RepairLocalStackTest.Profile.class)
@WithTestResource(value = SimulatedStandInTestResource.class, initArgs = @ResourceArg(name = "speed", value = "1"))
class RepairLocalStackTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int COINS = 50;
    private static final Pattern HOLE = Pattern.compile("Hole in the polls from (\\S+) to (\\S+) ");

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.poll.interval", "30s",
                    "ingest.repair.enabled", "true",
                    "ingest.budget.per-minute", "30",
                    "ingest.budget.per-month", "10000000");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Inject
    SimulatedTime time;

    @Inject
    PollStatus status;

    @Inject
    RepairWorker worker;

    /** Runs the scheduler's ticks once a simulated second, the repair's every 15 s, for {@code span}. */
    private void run(Duration span) {
        Instant end = time.now().plus(span);
        while (time.now().isBefore(end)) {
            time.tick();
            if (time.now().getEpochSecond() % 15 == 0) {
                worker.tick();
            }
            time.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aTwentyMinuteOutageIsRepairedWithTheFiveMinutePointsInsideItWithinTheBudget() throws Exception {
        CoinGeckoStandIn standIn = SimulatedStandInTestResource.coingecko();
        run(Duration.ofMinutes(2));
        assertThat(status.successfulPolls()).isPositive();
        Instant outage = time.now();
        standIn.faults().refuseMarkets(outage, outage.plus(Duration.ofMinutes(20)));
        Matcher hole;
        try (LogCapture log = LogCapture.start()) {
            run(Duration.ofMinutes(21));
            hole = log.lines().stream().map(HOLE::matcher).filter(Matcher::find).findFirst().orElseThrow();
        }
        Instant from = Instant.parse(hole.group(1));
        Instant until = Instant.parse(hole.group(2));
        assertThat(from).isBetween(outage.minus(INTERVAL), outage);
        assertThat(until).isBetween(outage.plus(Duration.ofMinutes(20)), outage.plus(Duration.ofMinutes(21)));
        double deferredBefore = status.deferredPolls();
        double successesBefore = status.successfulPolls();

        // Repair: 50 calls at what the polls leave of 30 a minute, so a few minutes; the polls go on meanwhile.
        run(Duration.ofMinutes(6));
        assertThat(metric("ingest_repair_jobs_total{outcome=\"repaired\"")).isEqualTo(1);
        // One call per coin, and one more for each attempt that failed (a deadline passed on a busy machine).
        assertThat(metric("ingest_repair_calls_total")).isEqualTo(COINS + metric("ingest_repair_failures_total"));
        assertThat(status.deferredPolls()).as("polls deferred while repairing").isEqualTo(deferredBefore);
        // 12 polls are due in the 6 minutes; on a busy machine a request can miss its (real-time) deadline.
        assertThat(status.successfulPolls() - successesBefore).as("polls in the 6 minutes")
                .isGreaterThanOrEqualTo(6 * 60 / INTERVAL.toSeconds() / 2);

        List<MarketRecord> repaired = new ArrayList<>();
        try (TopicReader reader = new TopicReader(SimulatedStandInTestResource.kafka().bootstrapServers(),
                "market.raw")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().stream()
                    .filter(r -> r.value().contains("\"repair\"")).count()
                    >= metric("ingest_repaired_points_total"));
            for (ConsumerRecord<String, String> r : reader.poll()) {
                MarketRecord record = mapper.readValue(r.value(), MarketRecord.class);
                if (MarketRecord.SOURCE_REPAIR.equals(record.source())) {
                    repaired.add(record);
                }
            }
        }
        assertThat(repaired).hasSize((int) metric("ingest_repaired_points_total"));

        // The hole: from the last success before the outage to the first after; what CoinGecko's history has
        // strictly inside it, asked for independently, is exactly what was published.
        Set<String> coins = new HashSet<>();
        repaired.forEach(record -> coins.add(record.coinId()));
        assertThat(coins).hasSize(COINS);
        Map<String, Set<Instant>> expected = new HashMap<>();
        Map<String, Set<Instant>> published = new HashMap<>();
        for (MarketRecord record : repaired) {
            assertThat(published.computeIfAbsent(record.coinId(), c -> new HashSet<>()).add(record.timestamp()))
                    .as("published once: %s %s", record.coinId(), record.timestamp()).isTrue();
            assertThat(record.high24h()).isNull();
            assertThat(record.marketCapRank()).isNull();
            assertThat(record.timestamp()).isAfter(from).isBefore(until);
        }
        for (String coin : coins) {
            JsonNode chart = mapper.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    standIn.baseUrl() + "/api/v3/coins/" + coin + "/market_chart?vs_currency=usd&days=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode point : chart.path("prices")) {
                Instant at = Instant.ofEpochMilli(point.path(0).longValue());
                if (at.isAfter(from) && at.isBefore(until)) {
                    expected.computeIfAbsent(coin, c -> new HashSet<>()).add(at);
                }
            }
            assertThat(published.get(coin)).as(coin).isEqualTo(expected.get(coin));
            // 5-minute points: on the grid, at most five in a hole of about 21 minutes.
            assertThat(published.get(coin)).as(coin).hasSizeLessThanOrEqualTo(5)
                    .allMatch(at -> at.toEpochMilli() % Duration.ofMinutes(5).toMillis() == 0);
        }
        // Three or more for nearly every coin. Not for all: at speed 1 the recorded day starts again at 00:00Z, and a
        // coin the day's last poll listed may be missing from its first one (figure-heloc is), so a hole across
        // midnight has fewer points of it, as CoinGecko's history has none while a coin is not listed.
        assertThat(repaired.size()).as("repaired points of %d coins", COINS).isGreaterThanOrEqualTo(3 * COINS - 3);
    }
}
