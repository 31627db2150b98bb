package io.cryptopipe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A hole repaired end to end by the packaged services: the CoinGecko stand-in refuses {@code /coins/markets} for
 * 20 minutes of replayed time; ingest notices the hole, repairs it from the stand-in's 5-minute history within its
 * call budget while its polls go on, the store keeps every observation and every repaired point once, and the daily
 * job's report shows the observed and the repaired coverage exactly as this test computes them from what the stand-in
 * served and what its history holds inside the hole.
 * <p>
 * Everything runs 20 times faster than real time: the stand-in replays at speed 20 (a recorded 30 s is 1.5 s, its
 * 5-minute chart has a point every 15 s), ingest polls every 1.5 s, and its backoff, the daily job's expected
 * interval and longest hold are scaled alike. The report's figures are small shares of a whole day; what is checked
 * is that they are exactly right.
 */
class RepairEndToEndTest {

    private static final double SPEED = 20;
    private static final Duration INTERVAL = Duration.ofMillis(1500);
    private static final Duration OUTAGE = Duration.ofMinutes(20).dividedBy((long) SPEED);
    private static final Duration MAX_HOLD = Duration.ofMinutes(5).dividedBy((long) SPEED);
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final int COINS = 50;

    @TempDir
    static Path kafkaData;

    private static PackagedServices services;
    private static PackagedServices.StoreAndIngest pipeline;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startStackAndServices() throws Exception {
        services = new PackagedServices(kafkaData, SPEED, INTERVAL);
        services.coingecko().recordServed();
        pipeline = services.startStoreAndIngest("-repair", Map.of(
                "INGEST_POLL_INTERVAL", INTERVAL.toMillis() + "ms",
                "INGEST_REPAIR_TICK", "2s",
                // The backoff after failed polls at the same pace: 5 s and 5 min by default.
                "INGEST_RETRY_INITIAL_DELAY", "250ms",
                "INGEST_RETRY_MAX_DELAY", "15s",
                // Shared state, as replicas have it: the last successful poll and the repair jobs in MongoDB.
                "INGEST_LEASE_ENABLED", "true",
                // 40 polls a minute at this pace; the stand-in has no quota: what is left of 300 is the repair's.
                "INGEST_BUDGET_PER_MINUTE", "300",
                "INGEST_BUDGET_PER_MONTH", "100000000"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        PackagedServices.closeAll(services);
    }

    @Test
    void aTwentyMinuteOutageIsRepairedStoredOnceAndReportedAsRepairedCoverage() throws Exception {
        pipeline.awaitBothReady();
        await().atMost(Duration.ofSeconds(60)).until(() -> ingestMetric("ingest_polls_total{outcome=\"success\"") >= 3);

        Instant outage = Instant.now();
        services.coingecko().faults().refuseMarkets(outage, outage.plus(OUTAGE));
        // A poll slowed by a busy machine (the first one, in a cold JVM, most often) may leave a gap longer than the
        // minimum and so open a short job of its own: every job is awaited, checked and counted below.
        MongoDatabase db = services.database();
        MongoCollection<Document> jobCollection = db.getCollection("market_repair_jobs");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Document> all = jobCollection.find().into(new ArrayList<>());
            return all.stream().anyMatch(job -> spans(job, outage))
                    && all.stream().allMatch(job -> "finished".equals(job.getString("status")));
        });
        // No more observations from here on, so that what was served can all be awaited in the store.
        services.coingecko().faults().refuseMarkets(Instant.now(), Instant.now().plus(Duration.ofHours(1)));

        List<Document> jobs = jobCollection.find().into(new ArrayList<>());
        List<Document> outageJobs = jobs.stream().filter(job -> spans(job, outage)).toList();
        assertThat(outageJobs).as("one job for the outage's hole").hasSize(1);
        int jobCoinCount = 0;
        for (Document job : jobs) {
            List<String> coins = coins(job);
            assertThat(coins).as("coins of %s", job.toJson()).hasSize(COINS).doesNotHaveDuplicates();
            jobCoinCount += coins.size();
        }

        // The polls went on: none deferred for the repair, which made one call per coin (and one per failed attempt).
        assertThat(ingestMetric("ingest_polls_total{outcome=\"deferred\"")).isZero();
        assertThat(ingestMetric("ingest_repair_calls_total"))
                .isEqualTo(jobCoinCount + ingestMetric("ingest_repair_failures_total"));

        // What the store must hold: each observation the stand-in served, and each point of the stand-in's 5-minute
        // history strictly inside a job's hole for the job's coins that no observation already has.
        Map<String, TreeMap<Instant, Boolean>> expected = new HashMap<>(); // coin -> time -> observed
        for (String servedObservation : services.coingecko().served()) {
            int bar = servedObservation.indexOf('|');
            expected.computeIfAbsent(servedObservation.substring(0, bar), c -> new TreeMap<>())
                    .put(Instant.parse(servedObservation.substring(bar + 1)), true);
        }
        int repairedExpected = 0;
        for (Document job : jobs) {
            Instant from = job.getDate("from").toInstant();
            Instant until = job.getDate("until").toInstant();
            for (String coin : coins(job)) {
                for (Instant at : historyPoints(coin)) {
                    if (at.isAfter(from) && at.isBefore(until)
                            && expected.computeIfAbsent(coin, c -> new TreeMap<>()).putIfAbsent(at, false) == null) {
                        repairedExpected++;
                    }
                }
            }
        }
        // At least the three 5-minute points strictly inside the 20 minutes refused, for each of the 50 coins.
        assertThat(repairedExpected).as("points of the history inside the holes").isGreaterThanOrEqualTo(COINS * 3);
        int total = expected.values().stream().mapToInt(Map::size).sum();

        MongoCollection<Document> raw = db.getCollection("market_data_raw");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> raw.countDocuments() >= total);
        pipeline.stopIngest();
        assertThat(Files.readString(PackagedServices.LOGS.resolve("ingest-service-repair.log")))
                .doesNotContain("deferred");
        Map<String, TreeMap<Instant, Boolean>> stored = new HashMap<>();
        for (Document d : raw.find()) {
            Boolean before = stored.computeIfAbsent(d.getString("coin_id"), c -> new TreeMap<>())
                    .put(d.getDate("timestamp").toInstant(), !"repair".equals(d.getString("source")));
            assertThat(before).as("stored once: %s", d.toJson()).isNull();
        }
        assertThat(stored).as("observed and repaired points stored, each once, with its source").isEqualTo(expected);
        assertThat(storeMetric("store_records_written_total")).isEqualTo(total);

        // The daily job's report for the hole's day, against the same computation done here.
        LocalDate day = outageJobs.get(0).getDate("from").toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        PackagedServices.ProcessResult result = services.run("aggregate-service", Map.of(
                "AGGREGATE_QUALITY_EXPECTED_INTERVAL", INTERVAL.toMillis() + "ms",
                "AGGREGATE_TWAP_MAX_HOLD", MAX_HOLD.toMillis() + "ms"), "--date", day.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int coinsRepaired = 0;
        int repairedPoints = 0;
        int checked = 0;
        for (Document daily : db.getCollection("market_data_daily").find(Filters.eq("date", day.toString()))) {
            String coin = daily.getString("coin_id");
            List<Long> times = expected.get(coin).keySet().stream().map(Instant::toEpochMilli)
                    .filter(t -> t >= dayStart && t < dayStart + DAY_MILLIS).toList();
            Set<Long> observedSlots = new HashSet<>();
            long repairedMillis = 0;
            int repaired = 0;
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i);
                if (expected.get(coin).get(Instant.ofEpochMilli(t))) {
                    observedSlots.add((t - dayStart) / INTERVAL.toMillis());
                } else {
                    long next = i + 1 < times.size() ? times.get(i + 1) : dayStart + DAY_MILLIS;
                    repairedMillis += Math.min(next - t, MAX_HOLD.toMillis());
                    repaired++;
                }
            }
            Document quality = daily.get("quality", Document.class);
            assertThat(quality.getDouble("coverage")).as("observed coverage of %s", coin)
                    .isCloseTo(observedSlots.size() / (double) (DAY_MILLIS / INTERVAL.toMillis()), within(1e-12));
            assertThat(quality.getDouble("repaired_coverage")).as("repaired coverage of %s", coin)
                    .isCloseTo(repairedMillis / (double) DAY_MILLIS, within(1e-12));
            assertThat(quality.getInteger("repaired_points")).as("repaired points of %s", coin).isEqualTo(repaired);
            coinsRepaired += repaired > 0 ? 1 : 0;
            repairedPoints += repaired;
            checked++;
        }
        assertThat(checked).as("coins with a daily document")
                .isEqualTo(expected.entrySet().stream().filter(e -> e.getValue().keySet().stream()
                        .anyMatch(at -> at.toEpochMilli() >= dayStart && at.toEpochMilli() < dayStart + DAY_MILLIS))
                        .count());
        Document report = db.getCollection("market_data_quality").find(Filters.eq("date", day.toString())).first();
        assertThat(report).isNotNull();
        assertThat(report.getInteger("coins_repaired")).isEqualTo(coinsRepaired);
        assertThat(report.getInteger("repaired_points")).isEqualTo(repairedPoints);
        assertThat(coinsRepaired).as("coins repaired on the hole's day").isPositive();
    }

    /** Whether the job's hole holds the whole outage: it starts at the last successful poll before it. */
    private static boolean spans(Document job, Instant outage) {
        return !job.getDate("from").toInstant().isAfter(outage)
                && !job.getDate("until").toInstant().isBefore(outage.plus(OUTAGE));
    }

    private static List<String> coins(Document job) {
        return job.getList("coins", Document.class).stream().map(c -> c.getString("id")).toList();
    }

    /** The instants of the coin's {@code market_chart?days=1} prices, asked of the stand-in directly. */
    private List<Instant> historyPoints(String coin) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                services.coingecko().baseUrl() + "/api/v3/coins/" + coin + "/market_chart?vs_currency=usd&days=1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode prices = mapper.readTree(response.body()).path("prices");
        List<Instant> points = new ArrayList<>();
        prices.forEach(point -> points.add(Instant.ofEpochMilli(point.path(0).longValue())));
        return points;
    }

    private static double ingestMetric(String prefix) throws Exception {
        return PackagedServices.metric(pipeline.ingestPort(), prefix);
    }

    private static double storeMetric(String prefix) throws Exception {
        return PackagedServices.metric(pipeline.storePort(), prefix);
    }
}
