package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.RecordedResponses;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.StubCoinGecko;
import io.cryptopipe.ingest.StubCoinGeckoTestResource;
import io.cryptopipe.ingest.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The service against the real Kafka broker with CoinGecko replaced by a stub the test controls: recorded real
 * answers with hand-made bad records mixed in, and answers that are not a list of coins at all. On simulated time:
 * each poll is the scheduler's tick, run by the test once the next attempt is due.
 */
@QuarkusTest
@TestProfile(MarketPollerStubbedCoinGeckoTest.Profile.class)
@WithTestResource(StubCoinGeckoTestResource.class)
class MarketPollerStubbedCoinGeckoTest {

    static final String API_KEY = "stub-demo-key-3f9c1e";
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.poll.interval", "1s",
                    "ingest.poll.top-n", "100",
                    "ingest.coingecko.api-key", API_KEY);
        }
    }

    /** Hand-made bad records, each with the reason it must be refused for and the key it must carry. */
    private record Bad(String text, String reasonStart, String key) {
    }

    private static final String UPDATED = "\"last_updated\":\"2026-04-30T02:29:00.000Z\"";
    private static final List<Bad> BAD = List.of(
            new Bad("{\"id\":\"string-price-coin\",\"symbol\":\"spc\",\"name\":\"String Price\",\"current_price\":\"0.5\","
                    + UPDATED + "}", "current_price must be a number, was string \"0.5\"", "string-price-coin"),
            new Bad("{\"id\":\"boolean-price-coin\",\"symbol\":\"bpc\",\"name\":\"Boolean Price\",\"current_price\":true,"
                    + UPDATED + "}", "current_price must be a number, was boolean true", "boolean-price-coin"),
            new Bad("{\"id\":\"negative-cap-coin\",\"symbol\":\"ncc\",\"name\":\"Negative Cap\",\"current_price\":1.5,"
                    + "\"market_cap\":-5," + UPDATED + "}", "market_cap must not be negative", "negative-cap-coin"),
            new Bad("{\"id\":\"undated-coin\",\"symbol\":\"udc\",\"name\":\"Undated\",\"current_price\":2}",
                    "last_updated is missing", "undated-coin"),
            new Bad("{\"id\":\"bitcoin\",\"symbol\":\"btc\",\"name\":\"Bitcoin\",\"current_price\":1.0,"
                    + UPDATED + "}", "duplicate id in response", "bitcoin"),
            new Bad("{ \"symbol\": \"nid\", \"name\": \"No Id\", \"current_price\": 1, " + UPDATED + " }",
                    "id is missing", null),
            new Bad("\"not a record\"", "record is not a JSON object but string", null));

    @Inject
    ObjectMapper mapper;

    @Inject
    PollStatus status;

    @Inject
    SimulatedTime time;

    @Test
    void badRecordsReachTheDeadLetterTopicWithReasonAndPollTimeWhileGoodOnesArePublished() throws Exception {
        JsonNode recorded = mapper.readTree(RecordedResponses.read(StubCoinGeckoTestResource.RECORDED));
        // Observations the service has not published yet: an unchanged (coin, last_updated) is not published again.
        String fresh = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            ObjectNode good = recorded.get(i).deepCopy();
            good.put("last_updated", fresh);
            elements.add(mapper.writeValueAsString(good));
            // Spread the bad ones through the answer; the duplicate bitcoin comes after the real one (index 0).
            if (i % 14 == 0 && i / 14 < BAD.size()) {
                elements.add(BAD.get(i / 14).text());
            }
        }
        assertThat(elements).hasSize(recorded.size() + BAD.size());
        StubCoinGeckoTestResource.coingecko().answer(
                new StubCoinGecko.Answer(200, "application/json", "[" + String.join(",\n", elements) + "]"));

        String kafka = StubCoinGeckoTestResource.kafka().bootstrapServers();
        Map<Instant, List<ConsumerRecord<String, String>>> published;
        Map<Instant, List<ConsumerRecord<String, String>>> deadLetters;
        Instant polledAt;
        try (TopicReader raw = new TopicReader(kafka, "market.raw");
                TopicReader dlq = new TopicReader(kafka, "market.raw.dlq")) {
            pollOnce();
            // Only the reading waits: the poll was acknowledged before the tick returned.
            polledAt = await().atMost(PATIENCE).until(
                    () -> pollWithAllOf(byFetchedAt(raw.poll()), byFetchedAt(dlq.poll()), recorded.size()),
                    Optional::isPresent).orElseThrow();
            published = byFetchedAt(raw.poll());
            deadLetters = byFetchedAt(dlq.poll());
        }

        List<MarketRecord> records = new ArrayList<>();
        for (ConsumerRecord<String, String> r : published.get(polledAt)) {
            MarketRecord record = mapper.readValue(r.value(), MarketRecord.class);
            assertThat(r.key()).isEqualTo(record.coinId());
            records.add(record);
        }
        List<String> recordedIds = new ArrayList<>();
        recorded.forEach(r -> recordedIds.add(r.get("id").asText()));
        assertThat(records).extracting(MarketRecord::coinId).containsExactlyInAnyOrderElementsOf(recordedIds);
        MarketRecord bitcoin = records.stream().filter(r -> r.coinId().equals("bitcoin")).findFirst().orElseThrow();
        assertThat(bitcoin.currentPrice()).isEqualTo(recorded.get(0).get("current_price").doubleValue());

        Map<String, ConsumerRecord<String, String>> lettersByRaw = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> r : deadLetters.get(polledAt)) {
            lettersByRaw.put(mapper.readValue(r.value(), DeadLetter.class).raw(), r);
        }
        assertThat(lettersByRaw.keySet()).containsExactlyInAnyOrderElementsOf(BAD.stream().map(Bad::text).toList());
        for (Bad bad : BAD) {
            ConsumerRecord<String, String> kafkaRecord = lettersByRaw.get(bad.text());
            DeadLetter letter = mapper.readValue(kafkaRecord.value(), DeadLetter.class);
            assertThat(kafkaRecord.key()).as("key of %s", bad.text()).isEqualTo(bad.key());
            assertThat(letter.reason()).as("reason of %s", bad.text()).startsWith(bad.reasonStart());
            assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_INGEST);
            assertThat(letter.schemaVersion()).isEqualTo(1);
            assertThat(letter.fetchedAt()).isEqualTo(polledAt);
            assertThat(letter.failedAt()).isAfterOrEqualTo(polledAt);
            assertThat(letter.sourceTopic()).isNull();
        }
        assertThat(MarketPollerLocalStackTest.metric("ingest_records_rejected_total{reason=\"duplicate_id\"")).isPositive();
        assertThat(MarketPollerLocalStackTest.metric("ingest_records_rejected_total{reason=\"wrong_type\"")).isPositive();
    }

    @Test
    void answersThatAreNotAListOfCoinsFailThePollAndPollingGoesOnUntilCoinGeckoRecovers() {
        StubCoinGecko coingecko = StubCoinGeckoTestResource.coingecko();
        String good = RecordedResponses.read(StubCoinGeckoTestResource.RECORDED);
        List<String> logLines = new CopyOnWriteArrayList<>();
        Handler capture = capturing(logLines);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            coingecko.answer(new StubCoinGecko.Answer(429, "application/json",
                    RecordedResponses.read("coingecko/errors/error-429-rate-limit.json")));
            failPolls(3);
            assertThat(logLines).anyMatch(line ->
                    line.contains("failed") && line.contains("HTTP 429: You've exceeded the Rate Limit."));
            RestAssured.get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'coingecko-polling' }.status", is("DOWN"));

            coingecko.answer(new StubCoinGecko.Answer(200, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>"));
            failPolls(2);
            assertThat(logLines).anyMatch(line ->
                    line.contains("HTTP 200 with a body that is not valid JSON") && line.contains("text/html"));

            coingecko.answer(new StubCoinGecko.Answer(200, "application/json", good.substring(0, good.length() / 3)));
            failPolls(2);

            int requestsBeforeRecovery = coingecko.requests().size();
            coingecko.answer(new StubCoinGecko.Answer(200, "application/json", good));
            double successes = status.successfulPolls();
            pollOnce();
            assertThat(status.successfulPolls()).isGreaterThan(successes);
            assertThat(coingecko.requests().size()).isGreaterThan(requestsBeforeRecovery);
            RestAssured.get("/q/health/ready").then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'coingecko-polling' }.status", is("UP"));
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(API_KEY));
    }

    @Test
    void requestsAskForTheTopNByMarketCapWithTheApiKeyAndAUserAgent() {
        StubCoinGecko coingecko = StubCoinGeckoTestResource.coingecko();
        pollOnce();

        StubCoinGecko.Request request = coingecko.requests().get(0);
        assertThat(request.query().split("&")).containsExactlyInAnyOrder(
                "vs_currency=usd", "order=market_cap_desc", "per_page=100", "page=1", "sparkline=false");
        assertThat(request.apiKey()).isEqualTo(API_KEY);
        assertThat(request.userAgent()).isEqualTo("crypto-market-pipeline-ingest/1.0");
    }

    private void pollOnce() {
        new TickedPolls(time, status).once();
    }

    private void failPolls(int count) {
        double target = status.failedPolls() + count;
        for (int i = 0; i < count; i++) {
            pollOnce();
        }
        assertThat(status.failedPolls()).as("failed polls").isEqualTo(target);
    }

    /** A poll time at which every good record reached market.raw and every bad one market.raw.dlq. */
    private static Optional<Instant> pollWithAllOf(Map<Instant, List<ConsumerRecord<String, String>>> published,
            Map<Instant, List<ConsumerRecord<String, String>>> deadLetters, int good) {
        return deadLetters.entrySet().stream()
                .filter(e -> e.getValue().size() == BAD.size())
                .map(Map.Entry::getKey)
                .filter(at -> published.getOrDefault(at, List.of()).size() == good)
                .findFirst();
    }

    private Map<Instant, List<ConsumerRecord<String, String>>> byFetchedAt(List<ConsumerRecord<String, String>> rs) {
        return rs.stream().collect(Collectors.groupingBy(r -> {
            try {
                return Instant.parse(mapper.readTree(r.value()).get("fetched_at").asText());
            } catch (Exception e) {
                throw new AssertionError("unreadable value: " + r.value(), e);
            }
        }));
    }

    private static Handler capturing(List<String> lines) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        return handler;
    }
}
