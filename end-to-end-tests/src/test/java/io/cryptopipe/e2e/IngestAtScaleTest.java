package io.cryptopipe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.cryptopipe.localstack.LoopbackPorts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cryptopipe.e2e.PackagedServices.awaitReady;
import static io.cryptopipe.e2e.PackagedServices.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole market, end to end: packaged ingest and store against the stand-in listing 15,000 coins (60 pages a
 * poll, a rate limit of its own), the real Kafka broker and the MongoDB wire server, for at least six polls. Not part
 * of the default build (tag {@code scale}): {@code ./mvnw -B -pl end-to-end-tests -am verify -Pscale
 * -Dtest=IngestAtScaleTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}. Prints one line per poll and the
 * run's totals, and writes them to {@code end-to-end-tests/target/scale-report.txt}.
 */
@Tag("scale")
class IngestAtScaleTest {

    private static final int COINS = Integer.getInteger("scale.coins", 15_000);
    private static final int POLLS = Integer.getInteger("scale.polls", 6);
    private static final Duration INTERVAL = Duration.ofSeconds(Integer.getInteger("scale.interval.seconds", 60));
    /** The stand-in's limit, above what one poll needs per minute at this interval: refusals would be a bug. */
    private static final int STAND_IN_PER_MINUTE = 500;
    private static final Pattern POLL_LINE = Pattern.compile("Poll at (\\S+): (\\d+) records from CoinGecko"
            + " \\((\\d+) pages and (\\d+) coins by id, (\\d+) calls, (\\d+) attempts\\), fetched in (\\d+) ms,"
            + " (\\d+) published \\(last sends acknowledged in (\\d+) ms\\), (\\d+) unchanged");

    @TempDir
    static Path kafkaData;

    private static PackagedServices services;
    private static int ingestPort;
    private static int storePort;
    private static Process ingest;

    @BeforeAll
    static void start() throws Exception {
        // A window as long as the interval, at the speed that makes it one recorded 30-minute poll: every poll sees
        // the next recorded snapshot (as against the real API's cache, which a 60 s poll now and then sees twice).
        services = new PackagedServices(kafkaData, 1800.0 / INTERVAL.toSeconds(), INTERVAL, COINS,
                STAND_IN_PER_MINUTE);
        storePort = LoopbackPorts.free();
        ingestPort = LoopbackPorts.free();
        services.start("store-service", "scale-store-service", Map.of("QUARKUS_HTTP_PORT", String.valueOf(storePort)));
        awaitReady(storePort);
        services.coingecko().recordServed();
        ingest = services.start("ingest-service", "scale-ingest-service", Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ingestPort),
                "INGEST_POLL_INTERVAL", INTERVAL.toSeconds() + "s",
                "INGEST_POLL_TOP_N", String.valueOf(COINS),
                "INGEST_BUDGET_PER_MINUTE", String.valueOf(STAND_IN_PER_MINUTE),
                "INGEST_BUDGET_PER_MONTH", "100000000"));
    }

    @AfterAll
    static void stop() throws Exception {
        PackagedServices.closeAll(services);
    }

    @Test
    void everyPollOfTheWholeMarketIsFetchedInItsIntervalAndEachNewObservationStoredOnce() throws Exception {
        awaitReady(ingestPort);
        Path ingestLog = PackagedServices.LOGS.resolve("scale-ingest-service.log");
        Duration patience = INTERVAL.multipliedBy(POLLS + 4);
        await().atMost(patience).pollInterval(Duration.ofSeconds(2))
                .until(() -> polls(ingestLog).size() >= POLLS);
        ingest.destroy();
        assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).as("ingest-service stops on SIGTERM").isTrue();
        List<Matcher> polls = polls(ingestLog);
        String log = Files.readString(ingestLog);

        // Every poll fetched all its pages within its interval. A failed attempt may only be the broker not
        // acknowledging in time (this machine is shared: load above 30 on 2 cores), retried with what was fetched.
        assertThat(log).doesNotContain("deferred").doesNotContain("SRMSG00034").doesNotContain("HTTP 429");
        List<String> failures = log.lines().filter(l -> l.contains(" failed (")).toList();
        assertThat(failures).allMatch(l -> l.contains("Broker did not acknowledge")
                && l.contains("sent again on the retry"));
        for (Matcher poll : polls) {
            assertThat(Integer.parseInt(poll.group(2))).as("records of poll " + poll.group(1))
                    .isGreaterThanOrEqualTo(COINS);
            assertThat(Long.parseLong(poll.group(7))).as("fetch time of poll " + poll.group(1))
                    .isLessThan(INTERVAL.toMillis());
        }

        // What reached market.raw: no observation twice (no unchanged observation republished).
        Map<String, Integer> onTopic = readTopic(services.kafka().bootstrapServers(),
                polls.stream().mapToLong(p -> Long.parseLong(p.group(8))).sum());
        assertThat(onTopic).allSatisfy((id, copies) -> assertThat(copies).as(id).isOne());

        // Every observation the stand-in served to the polls that completed was stored, exactly once. (A poll the
        // SIGTERM interrupted started no earlier than one interval after the last complete one.)
        Instant nextPoll = Instant.parse(polls.get(polls.size() - 1).group(1)).plus(INTERVAL);
        Set<String> served = new HashSet<>();
        for (String s : services.coingecko().servedBefore(nextPoll)) {
            int bar = s.indexOf('|');
            served.add(s.substring(0, bar) + "|" + Instant.parse(s.substring(bar + 1)));
        }
        MongoCollection<Document> raw = services.database().getCollection("market_data_raw");
        Map<String, Integer> stored = new HashMap<>();
        Instant drainStart = Instant.now();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5))
                .until(() -> raw.countDocuments() >= onTopic.size());
        Duration drain = Duration.between(drainStart, Instant.now());
        raw.find().projection(Projections.include("coin_id", "timestamp")).forEach(d -> stored.merge(
                d.getString("coin_id") + "|" + d.getDate("timestamp").toInstant(), 1, Integer::sum));
        assertThat(stored).allSatisfy((id, copies) -> assertThat(copies).as(id).isOne());
        Set<String> notStored = new HashSet<>(served);
        notStored.removeAll(stored.keySet());
        assertThat(notStored).as("served observations not stored (of %d)", served.size()).isEmpty();
        assertThat(stored.keySet()).isEqualTo(onTopic.keySet());
        assertThat(stored.keySet().stream().map(id -> id.substring(0, id.indexOf('|'))).distinct().count())
                .isEqualTo(COINS);

        // The query API pages through every stored coin, each once (ingest is stopped, so no rank moves meanwhile).
        List<String> listed = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        String cursor = null;
        do {
            JsonNode page = mapper.readTree(get(storePort, "/api/coins?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            page.get("coins").forEach(coin -> listed.add(coin.get("coin_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(listed).as("coins listed by GET /api/coins, page after page").doesNotHaveDuplicates()
                .hasSize(COINS)
                .containsExactlyInAnyOrderElementsOf(stored.keySet().stream()
                        .map(id -> id.substring(0, id.indexOf('|'))).distinct().toList());

        report(polls, failures.size(), onTopic.size(), stored.size(), served.size(), drain);
        String metrics = get(storePort, "/q/metrics").body();
        assertThat(metrics).contains("store_records_written_total");
    }

    private static List<Matcher> polls(Path log) throws Exception {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<Matcher> polls = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = POLL_LINE.matcher(line);
            if (m.find()) {
                polls.add(m);
            }
        }
        return polls;
    }

    /** Every (coin_id, timestamp) on market.raw with its number of copies, once at least {@code expected} arrived. */
    private static Map<String, Integer> readTopic(String bootstrap, long expected) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "scale-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("market.raw"));
            long[] count = {0};
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode json = mapper.readTree(record.value());
                    copies.merge(json.get("coin_id").asText() + "|" + Instant.parse(json.get("timestamp").asText()),
                            1, Integer::sum);
                    count[0]++;
                }
                return count[0] >= expected;
            });
        }
        return copies;
    }

    private static void report(List<Matcher> polls, int failedAttempts, int published, int stored, int served,
            Duration drain) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Scale run: %d coins, %d polls every %d s (stand-in limit %d/min)%n",
                COINS, polls.size(), INTERVAL.toSeconds(), STAND_IN_PER_MINUTE));
        out.append(String.format(Locale.ROOT, "%-26s %8s %6s %6s %8s %9s %9s %10s %9s%n", "poll", "records",
                "calls", "by id", "attempts", "fetch ms", "publ.", "unchanged", "ack ms"));
        long fetchMax = 0;
        long fetchSum = 0;
        long publishedSum = 0;
        long unchangedSum = 0;
        for (Matcher p : polls) {
            long fetch = Long.parseLong(p.group(7));
            fetchMax = Math.max(fetchMax, fetch);
            fetchSum += fetch;
            publishedSum += Long.parseLong(p.group(8));
            unchangedSum += Long.parseLong(p.group(10));
            out.append(String.format(Locale.ROOT, "%-26s %8s %6s %6s %8s %9s %9s %10s %9s%n", p.group(1),
                    p.group(2), p.group(5), p.group(4), p.group(6), p.group(7), p.group(8), p.group(10), p.group(9)));
        }
        out.append(String.format(Locale.ROOT, "failed attempts (broker acknowledgement timeout, retried): %d%n",
                failedAttempts));
        out.append(String.format(Locale.ROOT, "totals: published %d, unchanged %d, fetch mean %d ms, max %d ms"
                        + " (%.0f %% of the interval); distinct observations on market.raw %d, stored %d, served by"
                        + " the stand-in %d; store caught up %d s after ingest stopped%n",
                publishedSum, unchangedSum, fetchSum / Math.max(1, polls.size()), fetchMax,
                100.0 * fetchMax / INTERVAL.toMillis(), published, stored, served, drain.toSeconds()));
        System.out.print(out);
        Files.writeString(PackagedServices.ROOT.resolve("end-to-end-tests/target/scale-report.txt"), out);
    }
}
