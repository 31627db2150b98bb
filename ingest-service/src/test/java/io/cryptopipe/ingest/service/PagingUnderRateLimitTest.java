package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.SimulatedStandInTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.TopicReader;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.StandInFaults;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paging under the real API's rate limit: the stand-in lists 2,500 coins (10 pages of 250) and lets through only 6
 * requests in any 60 s, answering the rest 429 with {@code Retry-After}, while the service's own budget would allow
 * far more. The first attempt of the poll is refused part-way; the retry, after the wait the stand-in asked for,
 * fetches only the pages still missing, and the poll publishes every coin once. The budget charges every call,
 * the refused ones too. The stand-in's minute and the service's clock are one simulated time the test moves.
 */
@QuarkusTest
@TestProfile(PagingUnderRateLimitTest.Profile.class)
@WithTestResource(value = SimulatedStandInTestResource.class, initArgs = {
        @ResourceArg(name = "coins", value = "2500"),
        @ResourceArg(name = "rate-limit", value = "6"),
        // One snapshot for the whole test (a week's window), so the pages of every attempt come from it.
        @ResourceArg(name = "refresh-seconds", value = "604800")})
class PagingUnderRateLimitTest {

    private static final int COINS = 2_500;
    private static final int PAGES = 10;
    private static final Pattern POLL_LINE = Pattern.compile(
            "Poll at (\\S+): (\\d+) records from CoinGecko \\((\\d+) pages and (\\d+) coins by id, (\\d+) calls,"
                    + " (\\d+) attempts\\)");
    private static final Pattern PAGE = Pattern.compile("(?:^|&)page=(\\d+)");

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    // One poll in the test: the next is an hour away.
                    "ingest.poll.interval", "1h",
                    "ingest.poll.top-n", String.valueOf(COINS),
                    // The service's budget allows every page at once: the refusals are the stand-in's.
                    "ingest.budget.per-minute", "1000");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Inject
    SimulatedTime time;

    @Inject
    PollStatus status;

    @Test
    void aPollRefusedPartWayIsRetriedAfterRetryAfterWithoutRefetchingAPageAndPublishesEveryCoinOnce()
            throws Exception {
        CoinGeckoStandIn standIn = SimulatedStandInTestResource.coingecko();
        Matcher poll;
        try (LogCapture log = LogCapture.start()) {
            Instant firstAttempt = time.now();
            time.tick();
            assertThat(status.failedPolls()).as("the first attempt, refused part-way").isOne();
            List<CoinGeckoStandIn.RateLimited> refused = standIn.rateLimited();
            assertThat(refused).as("the stand-in refused some page requests").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.at()).isEqualTo(firstAttempt));
            // The stand-in's minute began with the first request: it asks for the rest of it, whole.
            assertThat(refused).extracting(CoinGeckoStandIn.RateLimited::retryAfter)
                    .containsOnly(Duration.ofMinutes(1));
            int calls = standIn.faults().requests().size();

            // Retry-After obeyed: no request until the stand-in said it would take one, and one then.
            time.set(firstAttempt.plus(Duration.ofMinutes(1)).minusMillis(1));
            time.tick();
            assertThat(standIn.faults().requests()).as("requests 1 ms before Retry-After").hasSize(calls);
            time.set(firstAttempt.plus(Duration.ofMinutes(1)));
            time.tick();
            assertThat(status.successfulPolls()).as("the retry").isOne();
            poll = POLL_LINE.matcher(log.lines().stream().filter(line -> POLL_LINE.matcher(line).find())
                    .findFirst().orElseThrow());
            assertThat(poll.find()).isTrue();
        }
        List<StandInFaults.Request> requests = standIn.faults().requests();
        List<CoinGeckoStandIn.RateLimited> refused = standIn.rateLimited();

        // Every page answered exactly once: each page's requests are its refusals plus one answer.
        Map<Integer, Integer> asked = countByPage(requests.stream().map(StandInFaults.Request::query).toList());
        Map<Integer, Integer> refusedPages = countByPage(refused.stream().map(CoinGeckoStandIn.RateLimited::query)
                .toList());
        assertThat(asked.keySet()).hasSize(PAGES);
        assertThat(asked).allSatisfy((page, n) -> assertThat(n - refusedPages.getOrDefault(page, 0))
                .as("answered requests for page %d", page).isOne());

        // The poll: all pages, two attempts, and every call counted, the refused ones too.
        assertThat(Integer.parseInt(poll.group(2))).isEqualTo(COINS);
        assertThat(Integer.parseInt(poll.group(3))).isEqualTo(PAGES);
        assertThat(Integer.parseInt(poll.group(6))).isEqualTo(2);
        assertThat(Integer.parseInt(poll.group(5))).as("calls of the poll").isEqualTo(requests.size())
                .isEqualTo(PAGES + refused.size());
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(gauge(metrics, "ingest_budget_calls_used")).as("calls charged to the month's budget")
                .isEqualTo(requests.size());
        assertThat(metrics).containsPattern("ingest_poll_failures_total\\{kind=\"rate_limited\"} 1\\.0");

        // Published: every coin once, exactly the observations the stand-in's answers carried.
        Set<String> served = new HashSet<>();
        standIn.served().forEach(s -> served.add(s.substring(0, s.indexOf('|')) + "|"
                + Instant.parse(s.substring(s.indexOf('|') + 1))));
        Map<String, Integer> copies = new HashMap<>();
        try (TopicReader reader = new TopicReader(SimulatedStandInTestResource.kafka().bootstrapServers(),
                "market.raw")) {
            // Only the reading waits: the poll was acknowledged before the tick returned.
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= COINS);
            for (ConsumerRecord<String, String> r : reader.poll()) {
                MarketRecord record = mapper.readValue(r.value(), MarketRecord.class);
                copies.merge(record.coinId() + "|" + record.timestamp(), 1, Integer::sum);
            }
        }
        assertThat(copies.keySet()).isEqualTo(served);
        assertThat(copies).allSatisfy((identity, n) -> assertThat(n).as(identity).isOne());
        assertThat(copies.keySet().stream().map(id -> id.substring(0, id.indexOf('|'))).distinct()).hasSize(COINS);
    }

    private static Map<Integer, Integer> countByPage(List<String> queries) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String query : queries) {
            Matcher m = PAGE.matcher(query);
            assertThat(m.find()).as("a page request: %s", query).isTrue();
            counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        return counts;
    }

    private static long gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+]+)$").matcher(metrics);
        assertThat(m.find()).as("%s in the metrics", name).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
