package io.cryptopipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.localstack.CoinGeckoStandIn;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.StandInFaults;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ingest-service backfill ...} as a command against the local stack: the stand-in serves a recorded 30-day
 * hourly {@code market_chart} of bitcoin moved to end yesterday, the records go to the real broker.
 * <p>
 * The broker and stand-in are started by the test rather than as a Quarkus test resource: a command-mode test
 * starts its resources inside each launch, where the test cannot reach them; system properties point every launch
 * at these.
 */
@QuarkusMainTest
@TestProfile(BackfillCommandTest.Profile.class)
class BackfillCommandTest {

    private static CommandStack stack;
    private static KafkaBroker kafka;
    private static CoinGeckoStandIn standIn;

    static final Path PROGRESS = Path.of("target", "backfill-progress-test.txt");
    static final int STORE_RETENTION_DAYS = 60;
    static final int MAX_RETRIES = 2;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.poll.enabled", "false",
                    // Fewer than the default 3, so that a failed run shows the setting reaches fault tolerance.
                    "ingest.retry.max-retries", String.valueOf(MAX_RETRIES),
                    "ingest.backfill.progress-file", PROGRESS.toString(),
                    // Shorter than the public plan's 365 days of history, so that the two refusals differ.
                    "ingest.backfill.store-retention", STORE_RETENTION_DAYS + "d");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void startBrokerAndStandIn() throws IOException {
        stack = CommandStack.start(false);
        kafka = stack.kafka();
        standIn = stack.standIn();
    }

    @AfterAll
    static void stopBrokerAndStandIn() throws IOException {
        stack.close();
    }

    @BeforeEach
    void noProgressYet() throws IOException {
        Files.deleteIfExists(PROGRESS);
    }

    @Test
    void publishesEveryRecordedPointOfTheRangeAsBackfillRecordsAndARerunSpendsNoCallOnWhatIsDone(
            QuarkusMainLauncher launcher) throws Exception {
        Days days = new Days(today.minusDays(20), today.minusDays(11));
        StandInFaults coingecko = standIn.faults();
        int before = chartCalls(coingecko);

        LaunchResult first = launcher.launch("backfill", "--coins", "bitcoin", "--from", days.from().toString(),
                "--to", days.to().toString());

        assertThat(first.exitCode()).as(first.getOutput()).isZero();
        assertThat(chartCalls(coingecko) - before).isEqualTo(1);
        ObjectNode served = standIn.marketChartRange("bitcoin", days.fromSecond(),
                days.untilSecond() - 1).orElseThrow();
        List<JsonNode> records = backfillRecords(days.fromSecond(), days.untilSecond(),
                served.get("prices").size());
        assertThat(records).hasSize(served.get("prices").size()).hasSizeGreaterThan(200);
        JsonNode firstPoint = served.get("prices").get(0);
        JsonNode record = records.stream()
                .filter(r -> Instant.parse(r.get("timestamp").asText()).toEpochMilli() == firstPoint.get(0).asLong())
                .findFirst().orElseThrow();
        assertThat(record.get("coin_id").asText()).isEqualTo("bitcoin");
        assertThat(record.get("symbol").asText()).isEqualTo("btc");
        assertThat(record.get("name").asText()).isEqualTo("Bitcoin");
        assertThat(record.get("current_price").doubleValue()).isEqualTo(firstPoint.get(1).doubleValue());
        assertThat(record.get("market_cap").doubleValue()).isEqualTo(served.get("market_caps").get(0).get(1).doubleValue());
        assertThat(record.get("total_volume").doubleValue())
                .isEqualTo(served.get("total_volumes").get(0).get(1).doubleValue());
        assertThat(record.get("high_24h").isNull()).isTrue();
        assertThat(record.get("market_cap_rank").isNull()).isTrue();
        assertThat(records).allSatisfy(r -> {
            Instant at = Instant.parse(r.get("timestamp").asText());
            assertThat(at.getEpochSecond()).isBetween(days.fromSecond(), days.untilSecond() - 1);
            assertThat(r.get("source").asText()).isEqualTo("backfill");
        });

        LaunchResult rerun = launcher.launch("backfill", "--coins", "bitcoin", "--from", days.from().toString(),
                "--to", days.to().toString());

        assertThat(rerun.exitCode()).as(rerun.getOutput()).isZero();
        assertThat(chartCalls(coingecko) - before).as("market_chart calls after the rerun").isEqualTo(1);
        assertThat(rerun.getOutput()).contains("0 records published, 1 chunks already done before");
    }

    @Test
    void aRangeOlderThanTheDemoPlanServesIsRefusedWithOneClearLineAndNoCall(QuarkusMainLauncher launcher) {
        StandInFaults coingecko = standIn.faults();
        int before = coingecko.requests().size();

        LaunchResult result = launcher.launch("backfill", "--coins", "bitcoin",
                "--from", today.minusDays(400).toString(), "--to", today.minusDays(390).toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getOutput()).contains("more than 365 days back: the public plan serves history from "
                + today.minusDays(365));
        assertThat(coingecko.requests()).hasSize(before);
    }

    @Test
    void aRangeOlderThanTheStoreKeepsIsRefusedWithOneClearLineAndNoCall(QuarkusMainLauncher launcher) {
        StandInFaults coingecko = standIn.faults();
        int before = coingecko.requests().size();

        LaunchResult result = launcher.launch("backfill", "--coins", "bitcoin",
                "--from", today.minusDays(STORE_RETENTION_DAYS).toString(), "--to", today.minusDays(50).toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getOutput().lines().filter(line -> line.contains("Backfill refused"))).singleElement()
                .asString().contains("--from " + today.minusDays(STORE_RETENTION_DAYS)
                        + " is older than the store keeps observations (STORE_RETENTION " + STORE_RETENTION_DAYS
                        + "d)", "backfill from " + today.minusDays(STORE_RETENTION_DAYS - 1) + " on");
        assertThat(coingecko.requests()).hasSize(before);
    }

    @Test
    void aFailedCallStopsTheBackfillWithExitCode1AndTheSameCommandResumesIt(QuarkusMainLauncher launcher) {
        LocalDate from = today.minusDays(5);
        LocalDate to = today.minusDays(2);
        StandInFaults coingecko = standIn.faults();
        String broken = "<html><body>502 Bad Gateway</body></html>";
        // The coin lookup answers; then every attempt at the chart fails.
        coingecko.script(StandInFaults.Fault.slow(Duration.ZERO));
        for (int i = 0; i < 1 + MAX_RETRIES; i++) {
            coingecko.script(StandInFaults.Fault.answer(502, "text/html", broken, null));
        }

        LaunchResult failed = launcher.launch("backfill", "--coins", "bitcoin", "--from", from.toString(),
                "--to", to.toString());

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.TECHNICAL_FAILURE);
        assertThat(failed.getOutput()).contains("Backfill stopped:", "HTTP 502", "run the same command again to resume");
        LaunchResult resumed = launcher.launch("backfill", "--coins", "bitcoin", "--from", from.toString(),
                "--to", to.toString());
        assertThat(resumed.exitCode()).as(resumed.getOutput()).isZero();
    }

    @Test
    void failedCallsAreRetriedAfterRetryAfterAndTheBackoffUntilCoinGeckoAnswers(QuarkusMainLauncher launcher) {
        LocalDate from = today.minusDays(9);
        LocalDate to = today.minusDays(8);
        StandInFaults coingecko = standIn.faults();
        int before = chartCalls(coingecko);
        // The coin lookup answers; the chart is refused with a 429 (Retry-After 1 s), then a 502, then answered.
        coingecko.script(StandInFaults.Fault.slow(Duration.ZERO));
        coingecko.script(StandInFaults.Fault.answer(429, "application/json",
                "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}", "1"));
        coingecko.script(StandInFaults.Fault.answer(502, "text/html", "<html>502 Bad Gateway</html>", null));

        LaunchResult result = launcher.launch("backfill", "--coins", "bitcoin", "--from", from.toString(),
                "--to", to.toString());

        assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(ExitCodes.OK);
        assertThat(chartCalls(coingecko) - before).as("market_chart attempts").isEqualTo(3);
        assertThat(result.getOutput()).contains("records published, 0 chunks already done before");
    }

    @Test
    void anUnknownCoinIsRefused(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("backfill", "--coins", "bitcoin,no-such-coin",
                "--from", today.minusDays(3).toString(), "--to", today.minusDays(2).toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getOutput()).contains("CoinGecko knows no coin with id no-such-coin");
    }

    @Test
    void topThreeBackfillsExactlyTheStandInsTopThreeByMarketCapResolvedWithOneMarketsCall(
            QuarkusMainLauncher launcher) throws Exception {
        Days days = new Days(today.minusDays(29), today.minusDays(28));
        List<JsonNode> top = standInTopByMarketCap(3);
        StandInFaults coingecko = standIn.faults();
        int before = coingecko.requests().size();
        // Only bitcoin's chart is recorded: the two other coins are answered with its recorded points.
        String chart = bitcoinChart(days);
        int points = mapper.readTree(chart).get("prices").size();
        coingecko.script(StandInFaults.Fault.slow(Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            coingecko.script(StandInFaults.Fault.answer(200, "application/json", chart, null));
        }

        LaunchResult result = launcher.launch("backfill", "--top", "3", "--from", days.from().toString(),
                "--to", days.to().toString());

        assertThat(result.exitCode()).as(result.getOutput()).isZero();
        List<StandInFaults.Request> requests = coingecko.requests().subList(before, coingecko.requests().size());
        assertThat(requests).filteredOn(r -> r.path().endsWith("/coins/markets")).singleElement()
                .satisfies(r -> assertThat(r.query()).contains("vs_currency=usd", "order=market_cap_desc",
                        "per_page=3", "page=1"));
        List<String> ids = top.stream().map(r -> r.get("id").asText()).toList();
        assertThat(requests).filteredOn(r -> r.path().endsWith("/market_chart/range"))
                .extracting(r -> r.path().split("/")[4]).containsExactlyElementsOf(ids);
        List<JsonNode> records = backfillRecords(days.fromSecond(), days.untilSecond(), 3 * points);
        assertThat(records).hasSize(3 * points);
        for (JsonNode coin : top) {
            assertThat(records).filteredOn(r -> r.get("coin_id").asText().equals(coin.get("id").asText()))
                    .hasSize(points)
                    .allSatisfy(r -> {
                        assertThat(r.get("symbol").asText()).isEqualTo(coin.get("symbol").asText());
                        assertThat(r.get("name").asText()).isEqualTo(coin.get("name").asText());
                    });
        }
    }

    @Test
    void topBelowOneTopWithCoinsAndNeitherAreRefusedWithTheErrorAndTheUsageAndNoCall(QuarkusMainLauncher launcher) {
        String from = today.minusDays(3).toString();
        String to = today.minusDays(2).toString();
        StandInFaults coingecko = standIn.faults();
        int before = coingecko.requests().size();
        List<List<String>> refused = List.of(
                List.of("backfill", "--top", "0", "--from", from, "--to", to),
                List.of("backfill", "--top", "3", "--coins", "bitcoin", "--from", from, "--to", to),
                List.of("backfill", "--from", from, "--to", to),
                List.of("backfill", "--coins", "bitcoin", "--from", from, "--to", to, "--days", "3"));
        List<String> expected = List.of("--top must be at least 1, was 0", "mutually exclusive",
                "Missing required argument", "Unknown options: '--days'");

        for (int i = 0; i < refused.size(); i++) {
            LaunchResult result = launcher.launch(refused.get(i).toArray(String[]::new));

            assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCodes.USAGE_ERROR);
            assertThat(result.getErrorOutput()).contains(expected.get(i), "Usage: ingest-service backfill",
                    "--from=<YYYY-MM-DD>");
        }
        assertThat(coingecko.requests()).hasSize(before);
    }

    @Test
    void helpOfTheJarAndOfBackfillExitZeroListingCommandsAndOptions(QuarkusMainLauncher launcher) {
        LaunchResult top = launcher.launch("--help");
        LaunchResult backfill = launcher.launch("backfill", "--help");

        assertThat(top.exitCode()).as(top.getErrorOutput()).isEqualTo(ExitCodes.OK);
        assertThat(top.getOutput()).contains("Usage: ingest-service", "backfill", "--help");
        assertThat(backfill.exitCode()).as(backfill.getErrorOutput()).isEqualTo(ExitCodes.OK);
        assertThat(backfill.getOutput()).contains("Usage: ingest-service backfill", "--coins=<id>", "--top=<N>",
                "--from=<YYYY-MM-DD>", "--to=<YYYY-MM-DD>", "Exit codes:");
    }

    @Test
    void anUnknownCommandIsRefusedWithTheUsageInsteadOfStartingTheService(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("backfil", "--coins", "bitcoin");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(result.getErrorOutput()).contains("Unmatched arguments", "backfil", "Usage: ingest-service");
    }

    @Test
    void aResumedTopRunBackfillsTheCoinsTheFirstRunResolvedEvenAfterTheRankingChanged(
            QuarkusMainLauncher launcher) throws Exception {
        Days days = new Days(today.minusDays(26), today.minusDays(25));
        List<JsonNode> now = standInTopByMarketCap(3);
        JsonNode bitcoin = now.get(0);
        JsonNode second = now.get(1);
        JsonNode third = now.get(2);
        assertThat(bitcoin.get("id").asText()).isEqualTo("bitcoin");
        StandInFaults coingecko = standIn.faults();
        int before = coingecko.requests().size();
        String chart = bitcoinChart(days);
        int points = mapper.readTree(chart).get("prices").size();
        // The first run sees a ranking where today's third coin leads bitcoin; its chart answers, bitcoin's fails.
        coingecko.script(StandInFaults.Fault.answer(200, "application/json",
                mapper.writeValueAsString(mapper.createArrayNode().add(third).add(bitcoin)), null));
        coingecko.script(StandInFaults.Fault.answer(200, "application/json", chart, null));
        for (int i = 0; i < 1 + MAX_RETRIES; i++) {
            coingecko.script(StandInFaults.Fault.answer(502, "text/html", "<html>502 Bad Gateway</html>", null));
        }

        LaunchResult failed = launcher.launch("backfill", "--top", "2", "--from", days.from().toString(),
                "--to", days.to().toString());

        assertThat(failed.exitCode()).as(failed.getOutput()).isEqualTo(ExitCodes.TECHNICAL_FAILURE);
        assertThat(Files.readAllLines(PROGRESS)).contains("top 2 " + days.from() + ".." + days.to() + " = "
                + third.get("id").asText() + ",bitcoin");
        int resumedFrom = coingecko.requests().size();

        // Today's ranking (bitcoin, then the second coin) no longer matches what the first run resolved.
        LaunchResult resumed = launcher.launch("backfill", "--top", "2", "--from", days.from().toString(),
                "--to", days.to().toString());

        assertThat(resumed.exitCode()).as(resumed.getOutput()).isZero();
        List<StandInFaults.Request> resumedRequests = coingecko.requests().subList(resumedFrom,
                coingecko.requests().size());
        assertThat(resumedRequests).noneMatch(r -> r.query() != null && r.query().contains("order="));
        assertThat(resumedRequests).filteredOn(r -> r.path().endsWith("/market_chart/range"))
                .extracting(r -> r.path().split("/")[4]).containsExactly("bitcoin");
        assertThat(coingecko.requests().subList(before, coingecko.requests().size()))
                .noneMatch(r -> r.path().contains("/" + second.get("id").asText() + "/"));
        List<JsonNode> records = backfillRecords(days.fromSecond(), days.untilSecond(), 2 * points);
        assertThat(records).extracting(r -> r.get("coin_id").asText()).hasSize(2 * points)
                .containsOnly(third.get("id").asText(), "bitcoin");
    }

    @Test
    void pointsTheValidationRefusesGoToTheDeadLetterTopicWithTheirReasonAndTheOthersArePublished(
            QuarkusMainLauncher launcher) throws Exception {
        LocalDate day = today.minusDays(7);
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        ArrayNode prices = mapper.createArrayNode();
        prices.addArray().add(from + 60_000).add(64_861.5);
        ArrayNode stringPrice = prices.addArray().add(from + 120_000).add("64861.5");
        ArrayNode negativePrice = prices.addArray().add(from + 180_000).add(-1.5);
        ArrayNode noTime = prices.addArray().addNull().add(64_870);
        ArrayNode textTime = prices.addArray().add(Long.toString(from + 240_000)).add(64_880);
        prices.addArray().add(from + 300_000).add(64_890);
        ObjectNode chart = mapper.createObjectNode().set("prices", prices);
        chart.putArray("market_caps");
        chart.putArray("total_volumes");
        Map<String, String> expectedReasons = Map.of(
                stringPrice.toString(), "current_price must be a number, was string \"64861.5\"",
                negativePrice.toString(), "current_price must not be negative, was -1.5",
                noTime.toString(), "timestamp is missing",
                textTime.toString(), "timestamp must be a number of epoch milliseconds, was string \""
                        + (from + 240_000) + "\"");
        StandInFaults coingecko = standIn.faults();
        coingecko.script(StandInFaults.Fault.slow(Duration.ZERO));
        coingecko.script(StandInFaults.Fault.answer(200, "application/json", mapper.writeValueAsString(chart), null));

        LaunchResult result = launcher.launch("backfill", "--coins", "bitcoin", "--from", day.toString(),
                "--to", day.toString());

        assertThat(result.exitCode()).as(result.getOutput()).isZero();
        assertThat(result.getOutput()).contains("2 records published, 4 dead-lettered");
        List<JsonNode> records = backfillRecords(from / 1000, from / 1000 + 86_400, 2);
        assertThat(records).extracting(r -> r.get("current_price").doubleValue()).containsExactlyInAnyOrder(
                64_861.5, 64_890d);
        Map<String, ConsumerRecord<String, String>> letters = new HashMap<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "market.raw.dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : reader.poll()) {
                    String raw = mapper.readTree(r.value()).path("raw").asText();
                    if (expectedReasons.containsKey(raw)) {
                        letters.put(raw, r);
                    }
                }
                return letters.size() == expectedReasons.size();
            });
        }
        for (Map.Entry<String, String> expected : expectedReasons.entrySet()) {
            ConsumerRecord<String, String> kafkaRecord = letters.get(expected.getKey());
            JsonNode letter = mapper.readTree(kafkaRecord.value());
            assertThat(kafkaRecord.key()).as("key of %s", expected.getKey()).isEqualTo("bitcoin");
            assertThat(letter.get("reason").asText()).as("reason of %s", expected.getKey())
                    .isEqualTo(expected.getValue());
            assertThat(letter.get("stage").asText()).isEqualTo(DeadLetter.STAGE_INGEST);
            assertThat(letter.get("fetched_at").isTextual()).isTrue();
        }
    }

    /** The stand-in's current ranking, as its /coins/markets orders by market cap. */
    private static List<JsonNode> standInTopByMarketCap(int n) {
        List<JsonNode> records = new ArrayList<>();
        standIn.snapshotAt(Instant.now()).forEach(records::add);
        records.sort(Comparator.<JsonNode>comparingDouble(r -> r.path("market_cap").asDouble(0)).reversed()
                .thenComparing(r -> r.path("id").asText()));
        return records.subList(0, n);
    }

    /** Past UTC days, inclusive, and the epoch seconds they span. */
    private record Days(LocalDate from, LocalDate to) {
        long fromSecond() {
            return from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }

        long untilSecond() {
            return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
    }

    /** Bitcoin's recorded points of the days, as the stand-in answers them. */
    private String bitcoinChart(Days days) throws IOException {
        return mapper.writeValueAsString(standIn.marketChartRange("bitcoin", days.fromSecond(),
                days.untilSecond() - 1).orElseThrow());
    }

    private static int chartCalls(StandInFaults coingecko) {
        return (int) coingecko.requests().stream().filter(r -> r.path().endsWith("/market_chart/range")).count();
    }

    /** The backfill records on market.raw observed in [from, until) (other tests backfill other days). */
    private List<JsonNode> backfillRecords(long fromSeconds, long untilSeconds, int expected) {
        List<JsonNode> found = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "market.raw")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                found.clear();
                for (ConsumerRecord<String, String> r : reader.poll()) {
                    JsonNode value = mapper.readTree(r.value());
                    long at = Instant.parse(value.get("timestamp").asText()).getEpochSecond();
                    if ("backfill".equals(value.get("source").asText()) && at >= fromSeconds && at < untilSeconds) {
                        found.add(value);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
