package io.cryptopipe.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.ingest.LogCapture;
import io.cryptopipe.ingest.SimulatedStandInTestResource;
import io.cryptopipe.ingest.SimulatedTime;
import io.cryptopipe.ingest.TopicReader;
import io.cryptopipe.ingest.messaging.FailingOncePublisher;
import io.cryptopipe.ingest.messaging.MarketRecordPublisher;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
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
 * The whole market in one poll: the stand-in lists 15,000 coins (60 pages), the service polls all of them every
 * 5 s against the real Kafka broker, and the stand-in's snapshot changes every 10 s, so polls see a new snapshot or
 * the same one again. One poll fails part-way (100 records not acknowledged). On simulated time shared by the service
 * and the stand-in: each poll is the scheduler's tick, run by the test when it is due, so no interval is waited out.
 */
@QuarkusTest
@TestProfile(MarketPollerAtScaleTest.Profile.class)
@WithTestResource(value = SimulatedStandInTestResource.class, initArgs = {
        @ResourceArg(name = "coins", value = "15000"),
        @ResourceArg(name = "refresh-seconds", value = "10")})
class MarketPollerAtScaleTest {

    private static final int COINS = 15_000;
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Pattern POLL_LINE = Pattern.compile(
            "Poll at (\\S+): (\\d+) records from CoinGecko .* (\\d+) calls, (\\d+) attempts\\), fetched in (\\d+) ms,"
                    + " (\\d+) published \\(.*\\), (\\d+) unchanged");

    public static class Profile extends SimulatedTime.Profile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "ingest.poll.interval", INTERVAL.toSeconds() + "s",
                    "ingest.poll.top-n", String.valueOf(COINS),
                    "ingest.budget.per-minute", "1000",
                    "ingest.budget.per-month", "1000000000");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Inject
    MarketRecordPublisher publisher;

    @Inject
    SimulatedTime time;

    @Inject
    PollStatus status;

    @Test
    void everyObservationOfEveryPollIsPublishedOnceEvenWhenAPollFailsPartWay() throws Exception {
        FailingOncePublisher failing = new FailingOncePublisher(ClientProxy.unwrap(publisher), 100);
        QuarkusMock.installMockForType(failing, MarketRecordPublisher.class);
        try (LogCapture log = LogCapture.start();
                TopicReader reader = new TopicReader(SimulatedStandInTestResource.kafka().bootstrapServers(),
                        "market.raw", 5000)) {
            // At the start of one of the stand-in's snapshots: the first poll and the one an interval after its retry
            // see it, the next a new one.
            time.set(Instant.ofEpochSecond((time.now().getEpochSecond() / 10 + 1) * 10));
            time.tick();
            assertThat(failing.failed()).as("records of the first poll not acknowledged").hasSize(100);
            assertThat(status.failedPolls()).isOne();
            // Its retry (after the %test backoff of at most 2 s), and two polls after it.
            time.advance(Duration.ofSeconds(2));
            time.tick();
            for (int poll = 0; poll < 2; poll++) {
                time.advance(INTERVAL);
                time.tick();
            }
            assertThat(status.successfulPolls()).isEqualTo(3);
            assertThat(pollLines(log)).hasSize(3);
            Set<String> expected = normalise(SimulatedStandInTestResource.coingecko().served());
            // Read incrementally: the topic holds several polls of 15,000 records each.
            Map<String, Integer> copies = new HashMap<>();
            int[] read = {0};
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                // One consumer poll returns at most 500 records: drain what is there.
                for (List<ConsumerRecord<String, String>> all = reader.poll(); read[0] < all.size();
                        all = reader.poll()) {
                    for (; read[0] < all.size(); read[0]++) {
                        copies.merge(identity(mapper.readValue(all.get(read[0]).value(), MarketRecord.class)), 1,
                                Integer::sum);
                    }
                }
                return copies.keySet().containsAll(expected);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // Said below with what is missing.
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(copies.keySet());
            assertThat(missing).as("served but not published (of %d served)", expected.size()).isEmpty();
            assertThat(copies.keySet()).as("every observation the stand-in served").containsAll(expected);

            // Nothing doubled: no observation reached the topic twice, although a poll was retried.
            assertThat(copies).allSatisfy((id, n) -> assertThat(n).as(id).isOne());
            assertThat(copies.keySet().stream().map(id -> id.substring(0, id.indexOf('|'))).distinct())
                    .hasSize(COINS);

            // The failed poll said how many were left, and its retry fetched nothing again and sent only those.
            assertThat(log.any("Broker did not acknowledge 100 of the", "sent again on the retry")).isTrue();
            assertThat(pollLines(log)).anySatisfy(m -> {
                assertThat(m.group(4)).isEqualTo("2");
                assertThat(m.group(3)).as("calls over both attempts").isEqualTo("60");
                assertThat(m.group(6)).as("published over both attempts").isEqualTo(String.valueOf(COINS));
            });
            // Every poll has every coin (and, when ranks moved across a page boundary, a few by id or twice).
            assertThat(pollLines(log)).allSatisfy(m -> assertThat(Integer.parseInt(m.group(2)))
                    .isGreaterThanOrEqualTo(COINS));
            // Polls of a snapshot already published publish nothing of it again.
            assertThat(pollLines(log)).anySatisfy(m -> assertThat(Integer.parseInt(m.group(7)))
                    .isGreaterThan(COINS / 2));
            // Back-pressure instead of refusal.
            assertThat(log.any("SRMSG00034")).isFalse();
        }
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("ingest_poll_failures_total{kind=\"broker\"} 1.0");
    }

    private static List<Matcher> pollLines(LogCapture log) {
        return log.lines().stream().map(POLL_LINE::matcher).filter(Matcher::find).toList();
    }

    private static String identity(MarketRecord record) {
        return record.coinId() + "|" + record.timestamp();
    }

    /** The stand-in's {@code id|last_updated} in the record's form (the timestamp as an instant). */
    private static Set<String> normalise(Set<String> served) {
        Set<String> ids = new HashSet<>();
        for (String s : served) {
            int bar = s.indexOf('|');
            ids.add(s.substring(0, bar) + "|" + Instant.parse(s.substring(bar + 1)));
        }
        return ids;
    }
}
