package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.ExitCodes;
import io.cryptopipe.ingest.SimulatedStandInTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.TopicReader;
import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.model.Hole;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repair of a day's holes ({@code repair-day}'s path through the backfill) gets the 5-minute points CoinGecko
 * still serves for a hole within the last day, as the live repair does, rather than the hourly points a range of a past
 * day answers: the DAG repairs yesterday right after midnight, when a short hole would get no hourly point at all.
 * The stand-in replays at the service's pace, so its history's timestamps are the service's (simulated) time.
 */
@QuarkusTest
@TestProfile(RepairDayFiveMinuteTest.Profile.class)
@WithTestResource(value = SimulatedStandInTestResource.class, initArgs = @ResourceArg(name = "speed", value = "1"))
class RepairDayFiveMinuteTest {

    private static final Path PROGRESS = Path.of("target", "repair-day-five-minute-progress.txt");
    private static final List<String> COINS = List.of("bitcoin", "ethereum");

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.backfill.progress-file", PROGRESS.toString(),
                    "ingest.budget.per-month", "10000000");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Inject
    SimulatedTime time;

    @Inject
    Backfill backfill;

    @Test
    void aHoleOfYesterdayWithinTheLastDayIsFilledWithTheFiveMinutePointsInsideIt() throws Exception {
        Files.deleteIfExists(PROGRESS);
        CoinGeckoStandIn standIn = SimulatedStandInTestResource.coingecko();
        // The replay begins at the start day's midnight; the day after, at 06:00, that day is yesterday and its
        // 20:00-20:20 lies within the last day (less the margin) of CoinGecko's 5-minute history.
        Instant midnight = time.now().truncatedTo(ChronoUnit.DAYS);
        LocalDate day = LocalDate.ofInstant(midnight, ZoneOffset.UTC);
        time.set(midnight.plus(Duration.ofHours(30)));
        Instant from = midnight.plus(Duration.ofHours(20));
        Instant to = from.plus(Duration.ofMinutes(20)).plusSeconds(10);
        List<Hole> holes = COINS.stream().map(coin -> new Hole(coin, from, to)).toList();
        int ranges = requests(standIn, "/market_chart/range");
        int lastDays = requests(standIn, "/market_chart");

        int exit = backfill.run(BackfillRequest.ofHoles(day, holes, day.plusDays(1), Plan.DEMO));

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(requests(standIn, "/market_chart") - lastDays).as("market_chart?days=1 calls").isEqualTo(2);
        assertThat(requests(standIn, "/market_chart/range") - ranges).as("range calls").isZero();
        Map<String, Set<Instant>> published = new HashMap<>();
        try (TopicReader reader = new TopicReader(SimulatedStandInTestResource.kafka().bootstrapServers(),
                "market.raw")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> repairsIn(reader.poll(), from, to, published) >= 8);
        }
        for (String coin : COINS) {
            Set<Instant> expected = new HashSet<>();
            JsonNode chart = mapper.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    standIn.baseUrl() + "/api/v3/coins/" + coin + "/market_chart?vs_currency=usd&days=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode point : chart.path("prices")) {
                Instant at = Instant.ofEpochMilli(point.path(0).longValue());
                if (at.isAfter(from) && at.isBefore(to)) {
                    expected.add(at);
                }
            }
            // 20:05, 20:10, 20:15 and 20:20: four 5-minute points strictly inside (hourly data would have none).
            assertThat(expected).as("the stand-in's 5-minute points of %s inside the hole", coin).hasSize(4);
            assertThat(published.get(coin)).as(coin).isEqualTo(expected);
        }
    }

    /** Adds the repaired points of the coins inside the hole to {@code published}; returns how many there are. */
    private int repairsIn(List<ConsumerRecord<String, String>> records, Instant from, Instant to,
            Map<String, Set<Instant>> published) throws Exception {
        for (ConsumerRecord<String, String> r : records) {
            MarketRecord record = mapper.readValue(r.value(), MarketRecord.class);
            if (MarketRecord.SOURCE_REPAIR.equals(record.source()) && COINS.contains(record.coinId())
                    && record.timestamp().isAfter(from) && record.timestamp().isBefore(to)) {
                published.computeIfAbsent(record.coinId(), c -> new HashSet<>()).add(record.timestamp());
            }
        }
        return published.values().stream().mapToInt(Set::size).sum();
    }

    private static int requests(CoinGeckoStandIn standIn, String pathEnd) {
        return (int) standIn.faults().requests().stream().filter(r -> r.path().endsWith(pathEnd)).count();
    }
}
