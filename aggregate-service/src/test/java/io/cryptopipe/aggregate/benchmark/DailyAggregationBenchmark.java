package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times one day's aggregation at 1-second granularity, the packaged job against its own {@code $group} pipeline
 * issued alone ({@link BaselinePipeline}), each as a separate process whose peak RSS ({@code VmHWM}) is read from
 * {@code /proc} while it runs. Mongo (in-memory wire server) and Kafka run in this process, on loopback.
 * <p>
 * Sizes run one after the other, each in a database of its own that is dropped afterwards, so the server holds one
 * size at a time (about 2.6 KB of heap per raw document). Prints a table and writes it, with the command, into the
 * "Daily aggregation" section of {@code docs/benchmarks.md}.
 * <p>
 * {@code ./mvnw -B -pl aggregate-service -Pbenchmark verify} (see the {@code benchmark} profile of the module pom
 * for the arguments: {@code --coins 10,50 --rounds 2 --date … --jar … --report … --logs …}).
 */
public final class DailyAggregationBenchmark {

    private static final Logger LOG = Logger.getLogger(DailyAggregationBenchmark.class);
    private static final int INSERT_BATCH = 10_000;
    private static final String SECTION = "## Daily aggregation";
    /** The job's timing line (debug level): how long each part of a day took inside the job. */
    private static final Pattern JOB_TIMING = Pattern.compile("took (\\d+) ms: statistics and coverage "
            + "(\\d+), quality report (\\d+), events (\\d+)");
    private static final String BASELINE = "baseline: $group pipeline alone (driver)";
    /** Heap of the capped job runs: what the job needs, whatever the day's size. */
    private static final String CAPPED_HEAP = "-Xmx64m";

    record Options(List<Integer> coins, int rounds, LocalDate day, Path jar, Path report, Path logs, String command) {

        static Options parse(String[] args) {
            List<Integer> coins = List.of(10, 25);
            int rounds = 2;
            LocalDate day = LocalDate.of(2024, 2, 29);
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            Path report = Path.of("../docs/benchmarks.md");
            Path logs = Path.of("target/benchmark");
            String command = "./mvnw -B -pl aggregate-service -Pbenchmark verify";
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--coins" -> coins = Arrays.stream(value.split(",")).map(String::trim)
                            .map(Integer::valueOf).toList();
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--date" -> day = LocalDate.parse(value);
                    case "--jar" -> jar = Path.of(value);
                    case "--report" -> report = Path.of(value);
                    case "--logs" -> logs = Path.of(value);
                    case "--command" -> command = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(coins, rounds, day, jar, report, logs, command);
        }
    }

    /** One measured process. */
    record Run(int coins, long rawDocuments, String what, Duration wall, long peakRssKib, String inside) {
    }

    /** What the numbers mean, whatever they are on a given run. */
    private static final String READING = """
            Reading the numbers:

            - Size. The requested size, 50 coins (4.32 M raw documents), was tried and stopped: the in-memory wire \
            server keeps about 2.6 KB of heap per raw document, so the day alone needs ~11 GB (its process had \
            reached 14 GB of RSS, still loading, after 5 minutes, with ~5 GB left on the machine shared with other \
            builds), and loading it takes ~10 minutes here. The H2 backend of local-stack is no way out: it loads \
            5 times slower (4,000 documents/s) and keeps as much heap per document. 25 coins (2.16 M, half the \
            day) is the largest size run; `-Dbenchmark.coins=10,50 -Dbenchmark.server-heap=16g` runs the full \
            size on a machine with the memory to spare.
            - Memory. The job holds a few figures per coin, never the observations: the pipeline runs in the \
            database, and each coin's observation times, needed for its gaps, live only in the database's \
            `$group` (86,400 numbers per coin at 1-second granularity). With its heap capped at 64 MB it still \
            aggregates the largest day.
            - Time. The job reads the day once: the coverage and the longest gap are computed inside the same \
            pipeline (a `$push` of each coin's times in sort order, walked once by `$reduce`), so the baseline \
            does that work too, and what the job adds is its JVM and Quarkus start, the price checks of each \
            report, `market_data_quality` and the `market.daily` events.
            - Variance. Other builds share the 2 cores, so one run of a process can take 1.5 to 2 times as long as \
            another run of the same process; the summary compares the best round of each, and a slow single row \
            says more about the machine at that moment than about the job.
            """;

    private DailyAggregationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.logs());
        Path kafkaDir = Files.createTempDirectory("benchmark-kafka");
        List<Run> runs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Instant started = Instant.now();
        try (KafkaBroker kafka = startKafka(kafkaDir);
                MongoWireServer mongo = new MongoWireServer(null, freePort()).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            for (int coins : options.coins()) {
                String database = "bench_" + coins + "_coins";
                long loadStarted = System.nanoTime();
                long documents = load(client.getDatabase(database), coins, options.day());
                Duration loading = Duration.ofNanos(System.nanoTime() - loadStarted);
                notes.add(String.format(Locale.ROOT, "%d coins: %,d raw documents loaded in %d s", coins, documents,
                        loading.toSeconds()));
                LOG.infof("%d coins: %d raw documents loaded in %d s", coins, documents, loading.toSeconds());
                Map<String, String> environment = Map.of(
                        "MONGODB_URI", mongo.connectionString(),
                        "MONGODB_DATABASE", database,
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
                for (int round = 1; round <= options.rounds(); round++) {
                    runs.add(measure(options, coins, documents, BASELINE, round,
                            driverCommand(BaselinePipeline.class, mongo.connectionString(), database, options.day()),
                            Map.of()));
                    runs.add(measure(options, coins, documents, "job", round,
                            jobCommand(options, null), environment));
                }
                runs.add(measure(options, coins, documents, "job " + CAPPED_HEAP, 1,
                        jobCommand(options, CAPPED_HEAP), environment));
                notes.add(coins + " coins: job and baseline statistics identical: "
                        + sameStatistics(client.getDatabase(database), options.day()));
                client.getDatabase(database).drop();
            }
        } finally {
            deleteQuietly(kafkaDir);
        }
        String table = table(runs);
        String summary = summary(runs, options.coins());
        LOG.info("\n" + table + "\n" + summary);
        writeReport(options, started, table, summary, notes);
    }

    // Raw documents of the shape store-service writes, one per coin and second, in batches; nothing kept here.
    static long load(MongoDatabase database, int coins, LocalDate day) {
        MongoCollection<Document> raw = database.getCollection("market_data_raw");
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        long midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Random random = new Random(coins);
        List<Document> batch = new ArrayList<>(INSERT_BATCH);
        long count = 0;
        for (int coin = 0; coin < coins; coin++) {
            String id = String.format("coin-%03d", coin);
            double price = Math.pow(10, -2 + 6 * random.nextDouble());
            double supply = Math.pow(10, 6 + 4 * random.nextDouble());
            for (int second = 0; second < 86_400; second++) {
                price *= Math.exp(random.nextGaussian() * 0.0005);
                long t = midnight + second * 1000L + random.nextInt(1000);
                batch.add(new Document("coin_id", id)
                        .append("timestamp", new Date(t))
                        .append("fetched_at", new Date(t + 700))
                        .append("source", "poll")
                        .append("schema_version", 1)
                        .append("symbol", "c" + coin)
                        .append("name", "Coin " + coin)
                        .append("current_price", price)
                        .append("market_cap", price * supply)
                        .append("market_cap_rank", coin + 1)
                        .append("total_volume", price * supply * 0.05)
                        .append("high_24h", price * 1.03)
                        .append("low_24h", price * 0.97)
                        .append("price_change_24h", price * 0.01)
                        .append("price_change_percentage_24h", 1.0)
                        .append("circulating_supply", supply));
                if (batch.size() == INSERT_BATCH) {
                    raw.insertMany(batch, new InsertManyOptions().ordered(false));
                    count += batch.size();
                    batch.clear();
                    if (count % 500_000 == 0) {
                        LOG.infof("%d coins: %d raw documents loaded", coins, count);
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            raw.insertMany(batch, new InsertManyOptions().ordered(false));
            count += batch.size();
        }
        return count;
    }

    private static List<String> driverCommand(Class<?> main, String mongo, String database, LocalDate day) {
        return List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"), main.getName(), mongo,
                database, day.toString());
    }

    private static List<String> jobCommand(Options options, String heap) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        if (heap != null) {
            command.add(heap);
        }
        // The job's own timing line, to show where its time goes.
        command.add("-Dquarkus.log.category.\"io.cryptopipe\".level=DEBUG");
        command.addAll(List.of("-jar", options.jar().toString(), "--date", options.day().toString()));
        return command;
    }

    private static Run measure(Options options, int coins, long documents, String what, int round,
            List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path log = options.logs().resolve(String.format("%d-coins-%s-%d.log", coins,
                what.replaceAll("[^A-Za-z0-9]+", "-"), round));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        // VmHWM is the process's own high-water mark: sampling it often only matters for its last few ms.
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMarkKib(status));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue() + ", see " + log);
        }
        Matcher timing = JOB_TIMING.matcher(output);
        String inside = timing.find() ? String.format(Locale.ROOT,
                "day %.1f s (statistics + coverage %.1f, report %.1f, events %.1f)",
                seconds(timing.group(1)), seconds(timing.group(2)), seconds(timing.group(3)), seconds(timing.group(4)))
                : "";
        Run run = new Run(coins, documents, what, wall, peak, inside);
        LOG.infof("%d coins, %s (round %d): %.1f s, peak RSS %d MiB %s", coins, what, round,
                wall.toMillis() / 1000.0, peak / 1024, inside);
        return run;
    }

    static long highWaterMarkKib(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException e) {
            // The process has just exited: its last sample stands.
        }
        return 0;
    }

    /**
     * The statistics and coverage figures both wrote are the same (the job's pipeline is the baseline's): a guard
     * on the comparison. The price checks the job adds to each report are left out.
     */
    private static boolean sameStatistics(MongoDatabase database, LocalDate day) {
        List<Document> job = database.getCollection("market_data_daily").find(Filters.eq("date", day.toString()))
                .projection(Projections.excludeId()).sort(Sorts.ascending("coin_id"))
                .into(new ArrayList<>());
        for (Document document : job) {
            Document quality = document.get("quality", Document.class);
            quality.remove("ordering_ok");
            quality.remove("prices_positive");
        }
        List<Document> baseline = database.getCollection(BaselinePipeline.COLLECTION)
                .find(Filters.eq("date", day.toString())).projection(Projections.excludeId())
                .sort(Sorts.ascending("coin_id")).into(new ArrayList<>());
        return !job.isEmpty() && job.equals(baseline);
    }

    private static String table(List<Run> runs) {
        StringBuilder table = new StringBuilder(
                "| coins | raw documents | process | wall time (s) | peak RSS (MiB) | inside the job |\n"
                        + "|---:|---:|---|---:|---:|---|\n");
        for (Run run : runs) {
            table.append(String.format(Locale.ROOT, "| %d | %,d | %s | %.1f | %d | %s |%n", run.coins(),
                    run.rawDocuments(), run.what(), run.wall().toMillis() / 1000.0, run.peakRssKib() / 1024,
                    run.inside()));
        }
        return table.toString();
    }

    // Best of the rounds for time (least disturbed by the other work on the machine), highest for memory.
    private static String summary(List<Run> runs, List<Integer> sizes) {
        StringBuilder summary = new StringBuilder();
        List<Long> jobRss = new ArrayList<>();
        for (int coins : sizes) {
            double job = best(runs, coins, "job");
            double baseline = best(runs, coins, BASELINE);
            long rss = runs.stream().filter(r -> r.coins() == coins && r.what().equals("job"))
                    .mapToLong(Run::peakRssKib).max().orElse(0) / 1024;
            long capped = runs.stream().filter(r -> r.coins() == coins && r.what().startsWith("job -Xmx"))
                    .mapToLong(Run::peakRssKib).max().orElse(0) / 1024;
            jobRss.add(rss);
            summary.append(String.format(Locale.ROOT, "- %d coins: job %.1f s vs baseline %.1f s (best of rounds): "
                    + "**%.2f x** (target <= 1.2 x: %s); job peak RSS %d MiB (default heap), %d MiB with %s%n",
                    coins, job, baseline, job / baseline, job / baseline <= 1.2 ? "met" : "not met", rss, capped,
                    CAPPED_HEAP));
        }
        if (jobRss.size() > 1) {
            summary.append(String.format(Locale.ROOT, "- job peak RSS, largest size / smallest size: %.2f%n",
                    (double) jobRss.get(jobRss.size() - 1) / jobRss.get(0)));
        }
        return summary.toString();
    }

    private static double best(List<Run> runs, int coins, String what) {
        return runs.stream().filter(r -> r.coins() == coins && r.what().equals(what))
                .mapToLong(r -> r.wall().toMillis()).min().orElse(0) / 1000.0;
    }

    private static void writeReport(Options options, Instant started, String table, String summary,
            List<String> notes) throws IOException {
        String section = SECTION + "\n\n"
                + "Command (from the repository root; under 20 minutes, loopback only):\n\n"
                + "```\n" + options.command() + "\n```\n\n"
                + "Run " + started + " on " + Runtime.getRuntime().availableProcessors() + " CPU cores, Java "
                + System.getProperty("java.version") + ", shared with other builds. One UTC day at 1-second "
                + "granularity (86,400 raw documents per coin, the full shape store-service writes) in the in-memory "
                + "MongoDB wire-protocol server of local-stack, which runs in the benchmark's process with a real "
                + "Kafka broker. Each size is loaded into a database of its own, measured, then dropped.\n\n"
                + "- **baseline**: the job's own `$match`/`$sort`/`$group`/`$addFields`/`$project`/`$merge` pipeline "
                + "(`DailyPipeline`, statistics with the coverage and longest gap of each coin) issued with the plain "
                + "driver by a minimal Java process (`BaselinePipeline`).\n"
                + "- **job**: `java -jar aggregate-service/target/quarkus-app/quarkus-run.jar --date "
                + options.day() + "` (statistics, quality report, `market_data_quality`, one `market.daily` event "
                + "per coin), default JVM settings like the baseline; **job " + CAPPED_HEAP + "**: the same with "
                + "the heap capped, to show what the job needs.\n"
                + "- Wall time of the whole process (JVM start to exit); peak RSS = `VmHWM` from "
                + "`/proc/<pid>/status`, sampled every 20 ms while the process runs.\n\n"
                + table + "\n" + summary + "\n"
                + notes.stream().map(note -> "- " + note + "\n").reduce("", String::concat) + "\n"
                + READING;
        Path report = options.report();
        String existing = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        int start = existing.indexOf(SECTION);
        String updated;
        if (start < 0) {
            updated = existing.stripTrailing() + "\n\n" + section;
        } else {
            int next = existing.indexOf("\n## ", start + SECTION.length());
            updated = existing.substring(0, start) + section + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, updated);
        LOG.infof("wrote the results into %s", report.toAbsolutePath().normalize());
    }

    private static double seconds(String millis) {
        return Long.parseLong(millis) / 1000.0;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // local-stack's broker formats its log directory with a random cluster id that starts with '-' about once in
    // 32 times, which Kafka's storage tool reads as an option: a fresh directory and id is all it takes.
    private static KafkaBroker startKafka(Path parent) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return new KafkaBroker(Files.createTempDirectory(parent, "attempt"), freePort(), freePort()).start();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf(e, "leaving %s behind", dir);
        }
    }
}
