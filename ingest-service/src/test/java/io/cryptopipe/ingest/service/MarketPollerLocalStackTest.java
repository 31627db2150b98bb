package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.TopicReader;
import io.cryptopipe.localstack.StandInFaults;
import io.cryptopipe.ingest.LocalStackReplay;
import io.cryptopipe.testsupport.DashboardMetrics;
import io.cryptopipe.testsupport.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The service against the local stack: a real Kafka broker and the CoinGecko stand-in replaying a recorded day,
 * polled every 2 s ({@code %test}). At 600x a recorded 30-minute poll lasts 3 s, so consecutive polls see both new
 * snapshots and the same snapshot again, as against the real API's cache.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "speed", value = LocalStackReplay.SPEED))
class MarketPollerLocalStackTest {

    private static final int TOP_N = 50;

    // Not injected: MarketPollerLocalStackIT runs these tests outside the application, against the packaged jar.
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Test
    void eachPollPublishesTheTop50ByMarketCapOfTheStandInsSnapshotKeyedByCoin() throws Exception {
        Map<Instant, List<ConsumerRecord<String, String>>> polls;
        List<ConsumerRecord<String, String>> all;
        try (TopicReader reader = new TopicReader(LocalStackTestResource.kafka().bootstrapServers(), "market.raw")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> completePolls(byPoll(reader.poll())).size() >= 2);
            all = reader.poll();
            polls = byPoll(all);
        }

        assertThat(polls.values()).allSatisfy(poll -> assertThat(poll).hasSizeLessThanOrEqualTo(TOP_N));
        Instant polledAt = completePolls(polls).get(0);
        List<ConsumerRecord<String, String>> poll = polls.get(polledAt);
        Map<String, JsonNode> expected = matchingSnapshot(polledAt, poll);
        for (ConsumerRecord<String, String> kafkaRecord : poll) {
            MarketRecord record = mapper.readValue(kafkaRecord.value(), MarketRecord.class);
            JsonNode source = expected.get(record.coinId());
            assertThat(kafkaRecord.key()).isEqualTo(record.coinId());
            assertThat(record.schemaVersion()).isEqualTo(1);
            assertThat(record.source()).isEqualTo("poll");
            assertThat(record.fetchedAt()).isEqualTo(polledAt);
            assertThat(record.timestamp()).isEqualTo(Instant.parse(source.get("last_updated").asText()));
            assertThat(record.currentPrice()).isEqualTo(source.get("current_price").doubleValue());
            assertThat(record.marketCap()).isEqualTo(source.get("market_cap").doubleValue());
            assertThat(record.marketCapRank()).isEqualTo(source.get("market_cap_rank").intValue());
            assertThat(record.symbol()).isEqualTo(source.get("symbol").asText());
        }

        Map<String, Set<Integer>> partitionsByCoin = new HashMap<>();
        all.forEach(r -> partitionsByCoin.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition()));
        assertThat(partitionsByCoin).allSatisfy((coin, partitions) ->
                assertThat(partitions).as("partitions of %s", coin).hasSize(1));
        assertThat(all).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2).contains(0, 1, 2);
    }

    @Test
    void anObservationSeenAgainInTheSameSnapshotIsNotPublishedTwice() {
        await().atMost(Duration.ofSeconds(60)).until(() -> metric("ingest_records_unchanged_total") >= TOP_N);
        List<ConsumerRecord<String, String>> all;
        try (TopicReader reader = new TopicReader(LocalStackTestResource.kafka().bootstrapServers(), "market.raw")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> byPoll(reader.poll()).size() >= 3);
            all = reader.poll();
        }

        Map<String, Long> copies = all.stream().collect(Collectors.groupingBy(r -> {
            try {
                return r.key() + "@" + mapper.readTree(r.value()).get("timestamp").asText();
            } catch (Exception e) {
                throw new AssertionError("unreadable value on market.raw: " + r.value(), e);
            }
        }, Collectors.counting()));
        assertThat(copies).isNotEmpty().allSatisfy((observation, count) ->
                assertThat(count).as("copies of %s", observation).isEqualTo(1L));
    }

    @Test
    void topicsAreCreatedAtStartUpWithTheirConfiguredPartitions() {
        try (TopicReader reader = new TopicReader(LocalStackTestResource.kafka().bootstrapServers(), "market.raw")) {
            assertThat(reader.partitionCount("market.raw")).isEqualTo(3);
            assertThat(reader.partitionCount("market.raw.dlq")).isEqualTo(1);
        }
    }

    @Test
    void successfulPollsShowInMetricsAndReadiness() {
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("ingest_polls_total{outcome=\"success\"") >= 1);

        assertThat(metric("ingest_records_published_total")).isGreaterThanOrEqualTo(TOP_N);
        assertThat(metric("ingest_last_successful_poll_age_seconds")).isBetween(0.0, 30.0);
        RestAssured.get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'coingecko-polling' }.status", is("UP"));
    }

    /**
     * The top 50 of the snapshot the stand-in served for the poll's page: it logs a request when it arrives and
     * answers from the snapshot of that moment or, at most, of the moment it builds the answer, and the poll's
     * {@code fetched_at} is when the answer arrived. So the snapshot is one in effect between the last page request
     * before {@code fetched_at} and {@code fetched_at} itself, however long the request took on a busy machine (a
     * search forward from {@code fetched_at} missed the snapshot whenever a new one began while the answer travelled).
     */
    private static Map<String, JsonNode> matchingSnapshot(Instant fetchedAt,
            List<ConsumerRecord<String, String>> poll) {
        Set<String> publishedIds = poll.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        // fetched_at is kept to the millisecond; the stand-in logs to the microsecond.
        Instant answeredBy = fetchedAt.plusMillis(1);
        Instant requestedAt = LocalStackTestResource.coingecko().faults().requests().stream()
                .filter(request -> request.path().endsWith("/coins/markets")
                        && (request.query() == null || !request.query().contains("ids=")))
                .map(StandInFaults.Request::at)
                .filter(at -> !at.isAfter(answeredBy))
                .max(Comparator.naturalOrder())
                .orElseThrow(() -> new AssertionError("the stand-in logged no page request before " + fetchedAt));
        List<Map<String, JsonNode>> candidates = new ArrayList<>();
        // Every refresh window (whole seconds) from the request to the answer.
        for (Instant at = requestedAt; !at.isAfter(answeredBy);
                at = at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)) {
            Map<String, JsonNode> top = topByMarketCap(at);
            if (top.keySet().equals(publishedIds)) {
                return top;
            }
            candidates.add(top);
        }
        throw new AssertionError("published ids " + publishedIds + " match no snapshot's top " + TOP_N
                + " served between the request at " + requestedAt + " and the answer at " + fetchedAt + ": "
                + candidates.get(0).keySet());
    }

    private static Map<String, JsonNode> topByMarketCap(Instant at) {
        List<JsonNode> snapshot = new ArrayList<>();
        LocalStackTestResource.coingecko().snapshotAt(at).forEach(snapshot::add);
        Comparator<JsonNode> byMarketCapDesc = Comparator.comparingDouble(r -> -r.get("market_cap").doubleValue());
        return snapshot.stream()
                .sorted(byMarketCapDesc.thenComparing(r -> r.get("id").asText()))
                .limit(TOP_N)
                .collect(Collectors.toMap(r -> r.get("id").asText(), r -> r));
    }

    private Map<Instant, List<ConsumerRecord<String, String>>> byPoll(List<ConsumerRecord<String, String>> records) {
        Map<Instant, List<ConsumerRecord<String, String>>> polls = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                Instant fetchedAt = Instant.parse(mapper.readTree(r.value()).get("fetched_at").asText());
                polls.computeIfAbsent(fetchedAt, k -> new ArrayList<>()).add(r);
            } catch (Exception e) {
                throw new AssertionError("unreadable value on market.raw: " + r.value(), e);
            }
        }
        return polls;
    }

    private static List<Instant> completePolls(Map<Instant, List<ConsumerRecord<String, String>>> polls) {
        return polls.entrySet().stream().filter(e -> e.getValue().size() == TOP_N).map(Map.Entry::getKey).toList();
    }

    /** Sum of a Prometheus sample's values over every line starting with the given name and labels. */
    static double metric(String prefix) {
        return DashboardMetrics.sum(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString(), prefix);
    }
}
