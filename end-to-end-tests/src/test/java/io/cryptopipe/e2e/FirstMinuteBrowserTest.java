package io.cryptopipe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.testsupport.HeadlessChromium;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.http.HttpResponse;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.cryptopipe.e2e.PackagedServices.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer sees in the first minute: {@code bin/run-local} itself, started as a newcomer would (only free
 * loopback ports and a fresh data folder under target/ set), and the dashboard it prints opened at once in a real
 * headless Chromium. The history comes through the real path (the first-run backfill through ingest, Kafka and the
 * store, then the daily job). Then a second start on the same folder seeds nothing again, and a seeding forced once
 * more doubles nothing. That second start runs as {@code bin/run-local | tee run.log} in a process group of its own
 * and ends as a Ctrl-C in a terminal ends it: SIGINT to the whole group, tee included, after which no process it
 * started may be left. Needs the services packaged ({@code ./mvnw package}), Debian's chromium
 * ({@code bin/install-test-deps}) and perl (Debian's perl-base).
 */
class FirstMinuteBrowserTest {

    // java.util.logging: jboss-logging would pick selenium's SLF4J, which has no provider here and prints nothing.
    private static final Logger LOG = Logger.getLogger(FirstMinuteBrowserTest.class.getName());
    private static final Path ROOT = PackagedServices.ROOT;
    private static final Path DATA = ROOT.resolve("end-to-end-tests/target/first-minute-data");
    private static final Path SCREENSHOT = ROOT.resolve("end-to-end-tests/target/screenshots/first-minute.png");
    private static final String COIN = "bitcoin";
    private static final int HISTORY_DAYS = 7;
    /**
     * The issue asks for about a minute. Four JVMs start at once here (the stack, two services, the backfill, then
     * the daily job) on 2 cores shared with other builds, and the page redraws every 10 s: a patient bound, so that
     * the test proves the first screen comes by itself; the time it took is measured, logged and kept in
     * docs/benchmarks.md ("The first minute of bin/run-local").
     */
    private static final Duration FIRST_SCREEN_WITHIN = Duration.ofMinutes(5);
    private static final Pattern SEEDED = Pattern.compile("(\\d+) observations");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RunLocal> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(RunLocal::stop);
    }

    @Test
    void aFreshStartShowsAPriceLineWithHistoryAndDailyCandlesAndASecondStartDoublesNothing() throws Exception {
        for (String jar : List.of("ingest-service/target/quarkus-app/quarkus-run.jar",
                "store-service/target/quarkus-app/quarkus-run.jar", "aggregate-service/target/quarkus-app/quarkus-run.jar",
                "local-stack/target/local-stack-1.0.0-SNAPSHOT.jar")) {
            // Else bin/run-local would start a build of its own inside the test.
            assertThat(ROOT.resolve(jar)).as("package the services first (./mvnw package)").exists();
        }
        deleteRecursively(DATA);
        Map<String, String> ports = ports();
        int storePort = Integer.parseInt(ports.get("STORE_HTTP_PORT"));

        Instant start = Instant.now();
        RunLocal first = RunLocal.start(1, ports);
        started.add(first);
        first.awaitBanner();
        awaitHttp(storePort, "/");
        Duration firstScreen;
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            browser.get("http://127.0.0.1:" + storePort + "/");
            WebDriverWait wait = new WebDriverWait(browser, FIRST_SCREEN_WITHIN, Duration.ofSeconds(1));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(b -> showsHistoryAndCandles(chromium));
            firstScreen = Duration.between(start, Instant.now());
            LOG.info(String.format("First screen (price line of %s points at step %s over %s, %s daily candles with "
                            + "coverage) %.1f s after bin/run-local started; the history was seeded after %s",
                    attribute(chromium, "#price-chart", "data-points"), attribute(chromium, "#price-chart", "data-step"),
                    attribute(chromium, "#price-chart", "data-range"), attribute(chromium, "#daily-chart", "data-days"),
                    firstScreen.toMillis() / 1000.0, seededAfter(start)));
            chromium.saveScreenshot(SCREENSHOT, Boolean.getBoolean("first-minute.screenshot.docs")
                    ? ROOT.resolve("docs/first-minute.png") : null);

            // Until the user picks a range the page opens on 24 h, or on 7 d while the last 24 h hold less than half a
            // day of the coin's history (which depends on the time of day: the backfill ends before today).
            assertThat(attribute(chromium, "#price-chart", "data-range")).isEqualTo(expectedRange(storePort));
            // One segment between neighbouring points, except across gaps: the hours between the backfilled history
            // (yesterday's last hour at the latest) and the first poll are one whenever they are longer than two.
            assertThat(chromium.longestPathSegments("#price-chart")).as("segments of the drawn price line")
                    .isGreaterThanOrEqualTo(Long.parseLong(attribute(chromium, "#price-chart", "data-points")) - 1
                            - Long.parseLong(attribute(chromium, "#price-chart", "data-gaps")));
        }

        // What was seeded, and that it came through ingest: backfill records, one per (coin_id, timestamp). The page
        // may have drawn its first candles while the daily job was still at the later days.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(DATA.resolve("history-seeded")));
        LOG.info("History seeded after " + seededAfter(start));
        String marker = Files.readString(DATA.resolve("history-seeded"));
        Matcher seeded = SEEDED.matcher(marker);
        assertThat(seeded.find()).as("marker: %s", marker).isTrue();
        long observations = Long.parseLong(seeded.group(1));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(marker).contains(today.minusDays(HISTORY_DAYS).toString(), today.minusDays(1).toString());
        Map<String, Integer> days;
        try (MongoClient mongo = MongoClients.create(first.mongoUri())) {
            MongoCollection<Document> raw = mongo.getDatabase("crypto_market").getCollection("market_data_raw");
            assertThat(backfilled(raw)).as("backfilled observations stored").isEqualTo(observations).isPositive();
            days = dailyPoints(mongo);
            assertThat(days).as("a daily document per seeded day").hasSize(HISTORY_DAYS);
            assertThat(days.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(observations);
        }
        first.stop();
        Path seedLog = DATA.resolve("logs/history.log");
        String firstSeeding = Files.readString(seedLog);
        assertThat(firstSeeding).contains("History seeded");

        // A second start on the same folder: the marker says it was seeded, so the seeding is not started at all.
        RunLocal second = RunLocal.startPipedIntoTee(2, ports);
        started.add(second);
        assertThat(second.awaitBanner()).contains("history                seeded on the first start");
        assertThat(Files.readString(seedLog)).as("the seeding's log, not written again").isEqualTo(firstSeeding);
        awaitHttp(storePort, "/q/health/ready");
        try (MongoClient mongo = MongoClients.create(second.mongoUri())) {
            MongoCollection<Document> raw = mongo.getDatabase("crypto_market").getCollection("market_data_raw");
            assertThat(backfilled(raw)).isEqualTo(observations);
            assertThat(dailyPoints(mongo)).isEqualTo(days);

            // Forced once more (the marker deleted, as after a first run interrupted before its end): the backfill
            // republishes every observation, the store's inserts are refused as duplicates, the daily job replaces its
            // documents.
            Files.delete(DATA.resolve("history-seeded"));
            long duplicatesBefore = storeDuplicates(storePort);
            ProcessBuilder reseed = new ProcessBuilder(ROOT.resolve("bin/seed-local-history").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(PackagedServices.LOGS.resolve("first-minute-reseed.log").toFile());
            reseed.environment().putAll(second.connection());
            reseed.environment().put("DATA_DIR", DATA.toString());
            reseed.environment().put("STORE_URL", "http://127.0.0.1:" + storePort);
            Process process = reseed.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the seeding ends").isTrue();
            assertThat(process.exitValue()).as(Files.readString(PackagedServices.LOGS.resolve("first-minute-reseed.log")))
                    .isZero();
            // The seeding's own wait is over at once (the store held them already): wait for the store to have
            // taken the republished ones, which it counts as duplicates, then count again.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> storeDuplicates(storePort) - duplicatesBefore >= observations);
            assertThat(backfilled(raw)).as("backfilled observations after seeding twice").isEqualTo(observations);
            assertThat(dailyPoints(mongo)).isEqualTo(days);
        }

        // Ctrl-C with the output piped into tee: tee dies of the same SIGINT, and whatever bin/run-local writes while
        // it stops goes to a closed pipe. It must stop the stack, both services and the monitoring all the same.
        List<ProcessHandle> survivors = second.interruptLikeCtrlC(Duration.ofMinutes(3));
        assertThat(survivors).as("processes of bin/run-local still running after Ctrl-C").isEmpty();
    }

    /** How long after {@code start} the seeding wrote its marker. */
    private static String seededAfter(Instant start) throws IOException {
        Path marker = DATA.resolve("history-seeded");
        return Files.exists(marker) ? String.format("%.1f s", Duration.between(start,
                Files.getLastModifiedTime(marker).toInstant()).toMillis() / 1000.0) : "not yet";
    }

    /** The dashboard's first screen: the coin's price line has more than one point, a daily candle its coverage. */
    private static boolean showsHistoryAndCandles(HeadlessChromium chromium) {
        if (!COIN.equals(chromium.js("return document.body.dataset.selectedCoin || null;"))) {
            // The page selects the top-ranked coin it first lists; on a first screen drawn while the first poll was
            // half stored that may be another one. Pick the coin with the history, as a newcomer would.
            chromium.js("const row = document.querySelector(\"#coins tr[data-coin-id='\" + arguments[0] + \"']\");"
                    + " if (row) { row.click(); }", COIN);
            return false;
        }
        String points = attribute(chromium, "#price-chart", "data-points");
        String daysDrawn = attribute(chromium, "#daily-chart", "data-days");
        Object coverage = chromium.js("const cell = document.querySelector('#daily tbody tr td:nth-child(7)');"
                + " return cell && cell.innerText;");
        return COIN.equals(attribute(chromium, "#price-chart", "data-coin-id"))
                && points != null && Integer.parseInt(points) > 1
                && chromium.longestPathSegments("#price-chart") >= 1
                && daysDrawn != null && Integer.parseInt(daysDrawn) >= 1
                && coverage instanceof String text && text.endsWith(" %")
                && chromium.longestPathSegments("#daily-chart") >= 1;
    }

    /** The range the page's rule picks, from what the query API answers now. */
    private static String expectedRange(int storePort) throws Exception {
        Instant now = Instant.now();
        Optional<Instant> oldestOfDay = oldestPoint(storePort, now.minus(Duration.ofHours(24)), now);
        Optional<Instant> oldestOfWeek = oldestPoint(storePort, now.minus(Duration.ofDays(7)), now);
        boolean dayHoldsHalfADay = oldestOfDay.isPresent() && !oldestOfDay.get().isAfter(now.minus(Duration.ofHours(12)));
        boolean weekHoldsOlder = oldestOfWeek.isPresent() && oldestOfWeek.get().isBefore(now.minus(Duration.ofHours(24)));
        return dayHoldsHalfADay || !weekHoldsOlder ? "24h" : "7d";
    }

    private static Optional<Instant> oldestPoint(int storePort, Instant from, Instant to) throws Exception {
        HttpResponse<String> response = get(storePort, "/api/coins/" + COIN + "/prices?from=" + from + "&to=" + to);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(response.body()).path("points");
        return points.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(points.get(0).path("t").asText()));
    }

    private static long backfilled(MongoCollection<Document> raw) {
        return raw.countDocuments(Filters.and(Filters.eq("coin_id", COIN), Filters.eq("source", "backfill")));
    }

    private static Map<String, Integer> dailyPoints(MongoClient mongo) {
        Map<String, Integer> byDate = new HashMap<>();
        mongo.getDatabase("crypto_market").getCollection("market_data_daily").find(Filters.eq("coin_id", COIN))
                .forEach(d -> {
                    Document quality = d.get("quality", Document.class);
                    assertThat(quality).as("quality report of %s", d.getString("date")).isNotNull();
                    // Backfilled days are CoinGecko's history, not observations: covered by repaired points.
                    double observed = ((Number) quality.get("coverage")).doubleValue();
                    double repaired = ((Number) quality.get("repaired_coverage")).doubleValue();
                    assertThat(observed + repaired).as("coverage of %s, observed and repaired", d.getString("date"))
                            .isPositive();
                    byDate.put(d.getString("date"), ((Number) d.get("data_points")).intValue());
                });
        return byDate;
    }

    private static long storeDuplicates(int storePort) throws Exception {
        String metrics = get(storePort, "/q/metrics").body();
        Matcher matcher = Pattern.compile("(?m)^store_records_duplicates_total(?:\\{[^}]*})? ([0-9.eE+]+)$")
                .matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String attribute(HeadlessChromium chromium, String selector, String name) {
        return (String) chromium.js("const e = document.querySelector(arguments[0]);"
                + " return e && e.getAttribute(arguments[1]);", selector, name);
    }

    private static void awaitHttp(int port, String path) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get(port, path).statusCode() == 200);
    }

    /** Free loopback ports for everything bin/run-local starts; Kafka's controller takes the port after the broker's. */
    private static Map<String, String> ports() throws IOException {
        int kafka;
        do {
            kafka = LoopbackPorts.free();
        } while (kafka >= 65535 || !isFree(kafka + 1));
        Map<String, String> ports = new HashMap<>();
        ports.put("KAFKA_PORT", String.valueOf(kafka));
        for (String name : List.of("MONGO_PORT", "COINGECKO_PORT", "INGEST_HTTP_PORT", "STORE_HTTP_PORT",
                "PROMETHEUS_PORT", "PUSHGATEWAY_PORT")) {
            ports.put(name, String.valueOf(LoopbackPorts.free()));
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One {@code bin/run-local}, its output in target/e2e-logs/run-local-N.log. */
    private static final class RunLocal {

        private final Process process;
        private final Path log;

        private RunLocal(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static RunLocal start(int number, Map<String, String> ports) throws IOException {
            Files.createDirectories(PackagedServices.LOGS);
            Path log = PackagedServices.LOGS.resolve("run-local-" + number + ".log");
            return new RunLocal(builder(ports, ROOT.resolve("bin/run-local").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        }

        /**
         * {@code bin/run-local | tee <log>} as a shell in a terminal runs it: in a process group of its own (the
         * terminal's foreground job), with SIGINT at its default (a test JVM may have been started with it ignored,
         * which its children would inherit and which a script cannot trap). perl does both before it execs the shell.
         */
        static RunLocal startPipedIntoTee(int number, Map<String, String> ports) throws IOException {
            Files.createDirectories(PackagedServices.LOGS);
            Path log = PackagedServices.LOGS.resolve("run-local-" + number + ".log");
            ProcessBuilder builder = builder(ports, "perl", "-MPOSIX", "-e",
                    "$SIG{INT} = 'DEFAULT'; POSIX::setsid() or die \"setsid: $!\"; exec @ARGV or die \"exec: $!\";",
                    "--", "bash", "-c", "bin/run-local 2>&1 | tee \"$RUN_LOCAL_LOG\"")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("RUN_LOCAL_LOG", log.toString());
            return new RunLocal(builder.start(), log);
        }

        private static ProcessBuilder builder(Map<String, String> ports, String... command) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
            builder.environment().putAll(ports);
            builder.environment().put("DATA_DIR", DATA.toString());
            return builder;
        }

        /** The lines it prints once everything is started. */
        String awaitBanner() {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("bin/run-local runs (see %s)", log).isTrue();
                return Files.readString(log).contains("Ctrl-C stops everything.");
            });
            return read(log);
        }

        /** The connection settings the local stack announced. */
        Map<String, String> connection() {
            String ready = read(DATA.resolve("logs/local-stack.log")).lines()
                    .filter(line -> line.startsWith("LOCAL-STACK READY")).findFirst().orElseThrow();
            Map<String, String> settings = new HashMap<>();
            for (String setting : ready.split(" ")) {
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    settings.put(setting.substring(0, eq), setting.substring(eq + 1));
                }
            }
            return settings;
        }

        String mongoUri() {
            return connection().get("MONGODB_URI");
        }

        /**
         * Ctrl-C in the terminal: SIGINT to the process group, so to tee as well. Waits up to {@code within} for
         * the shell to end and answers what of everything it started (the stack, the services, the monitoring, tee)
         * is still running then; those are killed, so that a failing test leaves nothing behind either.
         */
        List<ProcessHandle> interruptLikeCtrlC(Duration within) throws IOException, InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            assertThat(children).as("bin/run-local and what it started").hasSizeGreaterThanOrEqualTo(4);
            Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT").isTrue();
            process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            List<ProcessHandle> survivors = children.stream().filter(ProcessHandle::isAlive).toList();
            survivors.forEach(p -> LOG.warning("Still running after Ctrl-C: " + p.pid() + " " + p.info().commandLine()
                    .orElse("?")));
            stop();
            survivors.forEach(ProcessHandle::destroyForcibly);
            return survivors;
        }

        /**
         * As {@code kill} does: SIGTERM, on which it stops the services and the stack in order. Whatever it started and
         * is still there after that is killed, so that no test leaves a process behind.
         */
        void stop() {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
