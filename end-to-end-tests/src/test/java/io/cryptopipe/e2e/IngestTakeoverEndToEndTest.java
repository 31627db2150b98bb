package io.cryptopipe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.localstack.LoopbackPorts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cryptopipe.e2e.PackagedServices.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged ingest-service processes sharing the poller lease in MongoDB: only the lease holder polls CoinGecko,
 * and when it is killed without a chance to release the lease (SIGKILL) the other takes over within the documented
 * two poll intervals, without publishing any observation twice.
 * <p>
 * Real processes on real time: the bound of two intervals itself is asserted on simulated time, to the instant, by
 * ingest-service's {@code PollerLeaseTakeoverTest}. Here the time bounds are generous (ten intervals, where an idle
 * machine needs under two) and prove only that the packaged standby takes over and polls on its own, soon after the
 * lease expires, on a machine however busy; the measured times are logged.
 */
class IngestTakeoverEndToEndTest {

    private static final Logger LOG = Logger.getLogger(IngestTakeoverEndToEndTest.class);

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** What a busy machine can add to any step of the takeover (a poll, a lease renewal, a scrape), and more. */
    private static final Duration GENEROUS = INTERVAL.multipliedBy(10);
    private static final String TOPIC = "market.raw";
    private static final Pattern SUCCESSFUL_POLLS =
            Pattern.compile("(?m)^ingest_polls_total\\{[^}]*outcome=\"success\"[^}]*} ([0-9.Ee+-]+)$");

    @TempDir
    static Path kafkaData;

    private static PackagedServices services;
    private static final Map<String, Instance> instances = new HashMap<>();

    /** One ingest process, named in the lease by {@code INGEST_LEASE_HOLDER}. */
    private record Instance(String holder, int port, Process process) {

        double successfulPolls() throws Exception {
            Matcher matcher = SUCCESSFUL_POLLS.matcher(PackagedServices.get(port, "/q/metrics").body());
            assertThat(matcher.find()).as("%s exposes ingest_polls_total{outcome=\"success\"}", holder).isTrue();
            return Double.parseDouble(matcher.group(1));
        }
    }

    @BeforeAll
    static void startStackAndTwoIngestInstances() throws Exception {
        // One recorded 30-minute poll per 1 s window (1800x): a new holder polls at least one lease renewal period
        // after the old holder's last poll, so it cannot fetch the very snapshot its predecessor already published
        // (its memory of published observations starts empty). With a cache window longer than that, as on the real
        // API, the first poll after a takeover would publish that snapshot once more and the sink would absorb it.
        services = new PackagedServices(kafkaData, 1800, Duration.ofSeconds(1));
        for (String holder : List.of("ingest-a", "ingest-b")) {
            int port = LoopbackPorts.free();
            Process process = services.start("ingest-service", holder, Map.of(
                    "QUARKUS_HTTP_PORT", String.valueOf(port),
                    "INGEST_LEASE_ENABLED", "true",
                    "INGEST_LEASE_HOLDER", holder,
                    // The lease's time to live defaults to the poll interval: the setting the bound is documented for.
                    "INGEST_POLL_INTERVAL", INTERVAL.toSeconds() + "s",
                    // The stand-in has no quota; the demo plan's budget would stretch a 2 s interval.
                    "INGEST_BUDGET_PER_MINUTE", "1000",
                    "INGEST_BUDGET_PER_MONTH", "10000000"));
            instances.put(holder, new Instance(holder, port, process));
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        PackagedServices.closeAll(services);
    }

    @Test
    void onlyTheLeaseHolderPollsAndTheOtherTakesOverWithinTwoIntervalsWhenItIsKilled() throws Exception {
        instances.values().forEach(instance -> awaitReady(instance.port()));
        MongoCollection<Document> leases = services.database().getCollection("ingest_leases");

        // Whichever instance took the lease first polls; the other stays idle poll after poll.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> leaseHolder(leases).isPresent());
        Instance active = instances.get(leaseHolder(leases).orElseThrow());
        Instance standby = instances.values().stream().filter(i -> i != active).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> active.successfulPolls() >= 1);
        double pollsBefore = active.successfulPolls();
        List<Double> standbyPolls = new ArrayList<>();
        await().atMost(GENEROUS.multipliedBy(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            standbyPolls.add(standby.successfulPolls());
            return active.successfulPolls() >= pollsBefore + 3;
        });
        assertThat(standbyPolls).as("%s polls while %s holds the lease", standby.holder(), active.holder())
                .isNotEmpty().containsOnly(0.0);
        assertThat(leaseHolder(leases)).contains(active.holder());
        LOG.infof("%s polled %.0f times over %d+ intervals, %s none", active.holder(), active.successfulPolls(), 3,
                standby.holder());

        // SIGKILL: no shutdown hook, so the lease is not released and has to expire.
        Instant killedAt = Instant.now();
        active.process().destroyForcibly();
        assertThat(active.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        Document deadLease = leases.find(new Document("_id", "market-poll")).first();
        assertThat(deadLease.getString("holder")).as("the lease still names the killed instance")
                .isEqualTo(active.holder());
        Instant leaseExpiry = deadLease.getDate("expires_at").toInstant();

        AtomicReference<Instant> leaseTakenAt = new AtomicReference<>();
        await().atMost(GENEROUS.multipliedBy(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (leaseTakenAt.get() == null && leaseHolder(leases).filter(standby.holder()::equals).isPresent()) {
                leaseTakenAt.set(Instant.now());
            }
            return standby.successfulPolls() >= 1;
        });
        Instant firstPollAt = Instant.now();
        assertThat(leaseTakenAt.get()).as("%s took the lease before polling", standby.holder()).isNotNull();
        Duration untilLeaseTaken = Duration.between(killedAt, leaseTakenAt.get());
        Duration untilFirstPoll = Duration.between(killedAt, firstPollAt);
        Duration expiryToFirstPoll = Duration.between(leaseExpiry, firstPollAt);
        LOG.infof("Takeover after SIGKILL of %s (interval %s, lease time to live %s): lease expired %d ms after the"
                        + " kill, %s took it %d ms after the kill, first successful poll %d ms after the kill (%d ms"
                        + " after the lease expired)", active.holder(), INTERVAL, INTERVAL,
                Duration.between(killedAt, leaseExpiry).toMillis(), standby.holder(), untilLeaseTaken.toMillis(),
                untilFirstPoll.toMillis(), expiryToFirstPoll.toMillis());
        assertThat(untilLeaseTaken).as("lease taken soon after the kill (two intervals on an idle machine)")
                .isLessThanOrEqualTo(GENEROUS);
        assertThat(expiryToFirstPoll).as("first poll done soon after the lease expired (two intervals when idle)")
                .isLessThanOrEqualTo(GENEROUS);

        // The new holder keeps polling on schedule.
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(200))
                .until(() -> standby.successfulPolls() >= 3);

        Map<String, Integer> publications = new HashMap<>();
        int beforeKill = 0;
        int afterKill = 0;
        for (JsonNode record : readTopic()) {
            String identity = record.path("coin_id").asText() + "@" + record.path("timestamp").asText();
            publications.merge(identity, 1, Integer::sum);
            if (Instant.parse(record.path("fetched_at").asText()).isBefore(killedAt)) {
                beforeKill++;
            } else {
                afterKill++;
            }
        }
        assertThat(beforeKill).as("records polled by %s", active.holder()).isPositive();
        assertThat(afterKill).as("records polled by %s", standby.holder()).isPositive();
        assertThat(publications).as("(coin_id, timestamp) published more than once")
                .allSatisfy((identity, count) -> assertThat(count).as(identity).isEqualTo(1));
    }

    private static Optional<String> leaseHolder(MongoCollection<Document> leases) {
        Document lease = leases.find(new Document("_id", "market-poll")).first();
        return Optional.ofNullable(lease).map(l -> l.getString("holder"));
    }

    /** Every record on the raw topic, from the beginning of each partition to its end at the time of the call. */
    private static List<JsonNode> readTopic() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(mapper.readTree(record.value()));
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        LOG.infof("Read %d records from %s", records.size(), TOPIC);
        return records;
    }
}
