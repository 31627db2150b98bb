package io.cryptopipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.StandInFaults;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest-service repair-day --date <day>} against the local stack: the day's quality report is a document the
 * test inserts into the wire-protocol MongoDB, the stand-in serves the history, the records go to the real broker, and
 * a consumer in the store's group plays store-service (or is absent, to see the command give up).
 * <p>
 * The broker, stand-in and MongoDB are started by the test (a command-mode test starts its resources inside each
 * launch, where the test cannot reach them); system properties point every launch at them.
 */
@QuarkusMainTest
@TestProfile(RepairDayCommandTest.Profile.class)
class RepairDayCommandTest {

    static final String STORE_GROUP = "store-service";
    static final String RAW = "market.raw";
    static final Path PROGRESS = Path.of("target", "repair-day-progress-test.txt");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.poll.enabled", "false",
                    "ingest.backfill.progress-file", PROGRESS.toString(),
                    // Long enough for a store that reads at once, short enough for the test that waits it out.
                    "ingest.repair-day.store-deadline", "8s",
                    "ingest.repair-day.store-check", "200ms");
        }
    }

    private static CommandStack stack;
    private static KafkaBroker kafka;
    private static CoinGeckoStandIn standIn;
    private static MongoClient mongoClient;

    private final ObjectMapper mapper = new ObjectMapper();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void startTheStack() throws Exception {
        stack = CommandStack.start(true);
        kafka = stack.kafka();
        standIn = stack.standIn();
        mongoClient = MongoClients.create(stack.mongo().connectionString());
        // The store's group can only be assigned partitions of a topic that exists.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(RAW, 3, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopTheStack() throws IOException {
        mongoClient.close();
        stack.close();
    }

    @BeforeEach
    void noProgressYet() throws IOException {
        Files.deleteIfExists(PROGRESS);
    }

    @Test
    void publishesExactlyThePointsInsideEachHoleAsRepairsAndExitsOnceTheStoreGroupHasReadThem(
            QuarkusMainLauncher launcher) throws Exception {
        LocalDate day = today.minusDays(3);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Document bitcoin = hole("bitcoin", midnight.plus(Duration.ofHours(2)), midnight.plus(Duration.ofHours(7)));
        Document ethereum = hole("ethereum", midnight.plus(Duration.ofMinutes(630)),
                midnight.plus(Duration.ofMinutes(750)));
        report(day, List.of(bitcoin, ethereum));
        Map<String, List<Long>> expected = Map.of(
                "bitcoin", servedStrictlyInside(bitcoin), "ethereum", servedStrictlyInside(ethereum));
        // Hourly points (a past day's range), at the history's own recorded times.
        assertThat(expected.get("bitcoin")).hasSizeBetween(4, 5);
        assertThat(expected.get("ethereum")).hasSizeBetween(1, 2);
        int charts = chartCalls(standIn.faults());

        LaunchResult result;
        List<ConsumerRecord<String, String>> read;
        try (StoreGroupPlayer store = new StoreGroupPlayer(kafka.bootstrapServers(), STORE_GROUP, RAW)) {
            result = launcher.launch("repair-day", "--date", day.toString());
            read = store.received();
        }

        assertThat(result.exitCode()).as(result.getOutput()).isZero();
        assertThat(result.getOutput()).contains("Repair of " + day + " done: consumer group store-service has read");
        assertThat(chartCalls(standIn.faults()) - charts).as("one market_chart/range call per hole").isEqualTo(2);
        List<JsonNode> repairs = new ArrayList<>();
        for (ConsumerRecord<String, String> record : read) {
            JsonNode json = mapper.readTree(record.value());
            if (json.path("source").asText().equals("repair")
                    && LocalDate.ofInstant(Instant.parse(json.get("timestamp").asText()), ZoneOffset.UTC).equals(day)) {
                repairs.add(json);
            }
        }
        // What the store's group had read when the command exited: every repaired point, and nothing else.
        Map<String, List<Long>> published = repairs.stream().collect(Collectors.groupingBy(
                r -> r.get("coin_id").asText(), Collectors.mapping(
                        r -> Instant.parse(r.get("timestamp").asText()).toEpochMilli(), Collectors.toList())));
        assertThat(published).containsOnlyKeys("bitcoin", "ethereum");
        assertThat(published.get("bitcoin")).containsExactlyInAnyOrderElementsOf(expected.get("bitcoin"));
        assertThat(published.get("ethereum")).containsExactlyInAnyOrderElementsOf(expected.get("ethereum"));
        assertThat(repairs).allSatisfy(r -> assertThat(r.get("high_24h").isNull()).isTrue());
        assertThat(committedAtOrPastTheEnd()).as("the store group's offsets at exit").isTrue();
    }

    @Test
    void withoutTheStoreReadingItTheCommandGivesUpAtTheDeadlineWithExitCode1AndOneLine(
            QuarkusMainLauncher launcher) {
        LocalDate day = today.minusDays(4);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        report(day, List.of(hole("bitcoin", midnight.plus(Duration.ofHours(5)), midnight.plus(Duration.ofHours(8)))));

        LaunchResult result = launcher.launch("repair-day", "--date", day.toString());

        assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(ExitCodes.TECHNICAL_FAILURE);
        assertThat(result.getOutput().lines().filter(line -> line.contains("has not read it within")))
                .singleElement().asString().contains("consumer group store-service", "PT8S", RAW + "-");
    }

    @Test
    void aDayWithoutHolesIsDoneAtOnceWithoutACall(QuarkusMainLauncher launcher) {
        LocalDate day = today.minusDays(5);
        report(day, List.of());
        int before = standIn.faults().requests().size();

        LaunchResult result = launcher.launch("repair-day", "--date", day.toString());

        assertThat(result.exitCode()).as(result.getOutput()).isZero();
        assertThat(result.getOutput()).contains("nothing to repair");
        assertThat(standIn.faults().requests()).hasSize(before);
    }

    @Test
    void aDayWithoutAReportIsATechnicalFailureNamingIt(QuarkusMainLauncher launcher) {
        LocalDate day = today.minusDays(6);

        LaunchResult result = launcher.launch("repair-day", "--date", day.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TECHNICAL_FAILURE);
        assertThat(result.getOutput()).contains("Repair of " + day + " stopped: there is no quality report of the day");
    }

    @Test
    void aMissingOrMalformedDateAndTodayAreUsageErrorsAndTheJarListsTheCommand(QuarkusMainLauncher launcher) {
        report(today, List.of(hole("bitcoin", today.atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600))));

        LaunchResult missing = launcher.launch("repair-day");
        LaunchResult malformed = launcher.launch("repair-day", "--date", "yesterday");
        LaunchResult notPast = launcher.launch("repair-day", "--date", today.toString());
        LaunchResult help = launcher.launch("--help");

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(missing.getErrorOutput()).contains("Missing required option: '--date=<YYYY-MM-DD>'",
                "Usage: ingest-service repair-day");
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(malformed.getErrorOutput()).contains("yesterday");
        assertThat(notPast.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(notPast.getOutput()).contains("Repair refused", "is not a past day");
        assertThat(help.exitCode()).isZero();
        assertThat(help.getOutput()).contains("backfill", "repair-day");
    }

    private static Document hole(String coin, Instant from, Instant to) {
        return new Document("coin_id", coin).append("from", Date.from(from)).append("to", Date.from(to));
    }

    /** The day's report as aggregate-service writes it (docs/document-shapes.md), holes and all. */
    private static void report(LocalDate day, List<Document> holes) {
        MongoCollection<Document> reports = mongoClient.getDatabase(stack.mongo().database())
                .getCollection(CollectionNames.QUALITY);
        reports.deleteMany(new Document("date", day.toString()));
        reports.insertOne(new Document("date", day.toString()).append("passed", false)
                .append("repairable", !holes.isEmpty()).append("holes", holes).append("holes_count", holes.size()));
    }

    /** The times (epoch ms) the stand-in's history has strictly between the hole's bounds, read independently. */
    private static List<Long> servedStrictlyInside(Document hole) {
        long from = hole.getDate("from").toInstant().toEpochMilli();
        long to = hole.getDate("to").toInstant().toEpochMilli();
        JsonNode prices = standIn.marketChartRange(hole.getString("coin_id"), from / 1000 - 3600, to / 1000 + 3600)
                .orElseThrow().get("prices");
        List<Long> inside = new ArrayList<>();
        prices.forEach(point -> {
            long at = point.get(0).asLong();
            if (at > from && at < to) {
                inside.add(at);
            }
        });
        return inside;
    }

    private static int chartCalls(StandInFaults coingecko) {
        return (int) coingecko.requests().stream().filter(r -> r.path().endsWith("/market_chart/range")).count();
    }

    private static boolean committedAtOrPastTheEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(STORE_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = List.of(new TopicPartition(RAW, 0), new TopicPartition(RAW, 1),
                    new TopicPartition(RAW, 2));
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all().get()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return partitions.stream().allMatch(p -> ends.get(p) == 0
                    || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p)));
        }
    }
}
