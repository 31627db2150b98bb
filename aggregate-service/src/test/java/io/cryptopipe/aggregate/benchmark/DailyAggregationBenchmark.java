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
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Times one day's aggregation at several sizes (coins × observations per coin): the packaged job against the job's
 * former pipeline, one {@code $group} per coin with a {@code $push} of its times ({@link PushPipeline}, the
 * baseline), and against the job's pipeline issued alone ({@link BaselinePipeline} {@code slots}), each as a
 * separate process whose peak RSS ({@code VmHWM}) is read from {@code /proc} while it runs. Mongo (in-memory wire
 * server) and Kafka run in this process, on loopback; the heap this process uses above its level before each run
 * is the server's working memory for that run.
 * <p>
 * Sizes run one after the other, each in a database of its own that is dropped afterwards, so the server holds one
 * size at a time (about 2.6 KB of heap per raw document). Prints a table and writes it, with the command, into the
 * {@value #SECTION} section of {@code docs/benchmarks.md}.
 * <p>
 * {@code ./mvnw -B -pl aggregate-service -Pbenchmark verify} (see the {@code benchmark} profile of the module pom
 * for the arguments: {@code --sizes 20@1,100@10 --rounds 2 --coins-per-pipeline 20 --date … --jar … --report …}).
 */
public final class DailyAggregationBenchmark {

    private static final Logger LOG = Logger.getLogger(DailyAggregationBenchmark.class);
    private static final int INSERT_BATCH = 10_000;
    private static final String SECTION = "## Daily aggregation: slot-bounded pipeline";
    /** The job's timing line (debug level): how long each part of a day took inside the job. */
    private static final Pattern JOB_TIMING = Pattern.compile("took (\\d+) ms: statistics and coverage "
            + "(\\d+), quality report (\\d+), events (\\d+)");
    private static final String PUSH = "baseline: $group+$push pipeline (driver)";
    private static final String SLOTS = "slot pipeline alone (driver)";
    private static final String JOB = "job";
    /** Heap of the capped job runs: what the job needs, whatever the day's size. */
    private static final String CAPPED_HEAP = "-Xmx64m";
    private static final int SLOTS_PER_DAY = 2_880;
    private static final long INTERVAL_MILLIS = 30_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** One day of {@code coins} coins, each observed once per {@code stepSeconds} at a random point of the step. */
    record Size(int coins, int stepSeconds, int coinsPerPipeline) {

        static Size parse(String spec, int coinsPerPipeline) {
            String[] parts = spec.trim().split("[@:]");
            return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    parts.length > 2 ? Integer.parseInt(parts[2]) : coinsPerPipeline);
        }

        int pointsPerCoin() {
            return 86_400 / stepSeconds;
        }

        long documents() {
            return (long) coins * pointsPerCoin();
        }

        String label() {
            return String.format(Locale.ROOT, "%,d × %,d (%d s)", coins, pointsPerCoin(), stepSeconds);
        }

        String database() {
            return "bench_" + coins + "_every_" + stepSeconds + "s";
        }

        /** Documents the largest in-memory stage of the job's pipeline holds: (coin, slot) groups of one range. */
        long slotGroups() {
            return (long) Math.min(coins, coinsPerPipeline) * Math.min(pointsPerCoin(), SLOTS_PER_DAY);
        }
    }

    record Options(List<Size> sizes, int rounds, LocalDate day, Path jar, Path report, Path logs, String command) {

        static Options parse(String[] args) {
            String sizes = "20@1,100@10";
            int coinsPerPipeline = 20;
            int rounds = 2;
            LocalDate day = LocalDate.of(2024, 2, 29);
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            Path report = Path.of("../docs/benchmarks.md");
            Path logs = Path.of("target/benchmark");
            String command = "./mvnw -B -pl aggregate-service -am -Pbenchmark verify -DskipTests";
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--sizes" -> sizes = value;
                    case "--coins-per-pipeline" -> coinsPerPipeline = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--date" -> day = LocalDate.parse(value);
                    case "--jar" -> jar = Path.of(value);
                    case "--report" -> report = Path.of(value);
                    case "--logs" -> logs = Path.of(value);
                    case "--command" -> command = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            int perPipeline = coinsPerPipeline;
            // The command as run, with the sizes that make its numbers.
            command += " -Dbenchmark.sizes=" + sizes + " -Dbenchmark.coins-per-pipeline=" + coinsPerPipeline
                    + " -Dbenchmark.rounds=" + rounds;
            return new Options(Arrays.stream(sizes.split(",")).map(spec -> Size.parse(spec, perPipeline)).toList(),
                    rounds, day, jar, report, logs, command);
        }
    }

    /** One measured process. */
    record Run(Size size, String what, Duration wall, long peakRssKib, long serverHeapMib, String inside) {
    }

    /** What the numbers mean, whatever they are on a given run. */
    private static final String READING = """
            Reading the numbers:

            - Size. `coins × observations per coin (step)`. The wire server keeps about 2.6 KB of heap per raw \
            document, so with its heap under 8 GB (the machine is shared) it holds about 2.5 M documents: a \
            1-second day of 100 coins (8.64 M) needs ~23 GB, and a day of the whole market, 15,000 coins × 1,440 \
            (21.6 M), ~56 GB. What was run instead: 20 coins at 1 s (the 1-second shape, a fifth of the coins), \
            100 coins at 10 s (the coins, a tenth of the observations), and 1,500 coins at 60 s (the market's \
            shape, a tenth of its coins).
            - Server memory. `server heap` is the heap of the benchmark's process (which hosts the wire server) \
            above its level before the run, sampled every 20 ms: the server's working memory for the run, garbage \
            included. The wire server has no per-stage limit and no planner, so it does not show MongoDB's \
            100 MB per stage; what does carry over is what the largest in-memory stage holds, listed per size: \
            for the baseline every observation time of the day in one `$group` (as many values as raw \
            documents), for the job one document per (coin, slot) of one coin range.
            - Time. The wire server uses no index for a range (only for an equality on all fields of a unique \
            index), so each coin range scans the whole collection: the job's time there grows with ranges × \
            documents, where MongoDB reads each range's own index keys once. Where the job ran with more coins \
            per pipeline than its default, the size says so (`coins@step:coins-per-pipeline`).
            - Variance. Other builds share the 2 cores, so one run of a process can take 1.5 to 2 times as long as \
            another run of the same process; the summary compares the best round of each and gives the spread.
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
        try (KafkaBroker kafka = new KafkaBroker(kafkaDir, LoopbackPorts.free(), LoopbackPorts.free())
                .start();
                MongoWireServer mongo = new MongoWireServer(null, LoopbackPorts.free()).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            for (Size size : options.sizes()) {
                String database = size.database();
                long loadStarted = System.nanoTime();
                long documents = load(client.getDatabase(database), size, options.day());
                Duration loading = Duration.ofNanos(System.nanoTime() - loadStarted);
                notes.add(String.format(Locale.ROOT, "%s: %,d raw documents loaded in %d s", size.label(), documents,
                        loading.toSeconds()));
                LOG.infof("%s: %d raw documents loaded in %d s", size.label(), documents, loading.toSeconds());
                Map<String, String> environment = Map.of(
                        "MONGODB_URI", mongo.connectionString(),
                        "MONGODB_DATABASE", database,
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
                for (int round = 1; round <= options.rounds(); round++) {
                    runs.add(measure(options, size, PUSH, round,
                            driverCommand(mongo.connectionString(), database, options.day(), "push", size), Map.of()));
                    runs.add(measure(options, size, SLOTS, round,
                            driverCommand(mongo.connectionString(), database, options.day(), "slots", size),
                            Map.of()));
                    runs.add(measure(options, size, JOB, round, jobCommand(options, size, null), environment));
                }
                runs.add(measure(options, size, JOB + " " + CAPPED_HEAP, 1,
                        jobCommand(options, size, CAPPED_HEAP), environment));
                notes.add(size.label() + ": " + compare(client.getDatabase(database), options.day()));
                client.getDatabase(database).drop();
            }
        } finally {
            BenchmarkHost.deleteQuietly(kafkaDir);
        }
        String table = table(runs);
        String summary = summary(runs, options.sizes());
        LOG.info("\n" + table + "\n" + summary);
        writeReport(options, started, table, summary, notes);
    }

    /** A 1-second day of that many coins (the archive benchmark's size). */
    static long load(MongoDatabase database, int coins, LocalDate day) {
        return load(database, new Size(coins, 1, coins), day);
    }

    // Raw documents of the shape store-service writes, one per coin and step, in batches; nothing kept here.
    static long load(MongoDatabase database, Size size, LocalDate day) {
        MongoCollection<Document> raw = database.getCollection("market_data_raw");
        raw.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
        raw.createIndex(Indexes.ascending("timestamp"));
        long midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long step = size.stepSeconds() * 1000L;
        Random random = new Random(size.coins() * 31L + size.stepSeconds());
        List<Document> batch = new ArrayList<>(INSERT_BATCH);
        long count = 0;
        for (int coin = 0; coin < size.coins(); coin++) {
            String id = String.format("coin-%05d", coin);
            double price = Math.pow(10, -2 + 6 * random.nextDouble());
            double supply = Math.pow(10, 6 + 4 * random.nextDouble());
            for (int point = 0; point < size.pointsPerCoin(); point++) {
                price *= Math.exp(random.nextGaussian() * 0.0005);
                long t = midnight + point * step + random.nextInt((int) step);
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
                        LOG.infof("%s: %d raw documents loaded", size.label(), count);
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

    private static List<String> driverCommand(String mongo, String database, LocalDate day, String mode, Size size) {
        return List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                BaselinePipeline.class.getName(), mongo, database, day.toString(), mode,
                Integer.toString(size.coinsPerPipeline()));
    }

    private static List<String> jobCommand(Options options, Size size, String heap) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        if (heap != null) {
            command.add(heap);
        }
        // The job's own timing line, to show where its time goes.
        command.add("-Dquarkus.log.category.\"io.cryptopipe\".level=DEBUG");
        command.add("-Daggregate.coins-per-pipeline=" + size.coinsPerPipeline());
        command.addAll(List.of("-jar", options.jar().toString(), "--date", options.day().toString()));
        return command;
    }

    private static Run measure(Options options, Size size, String what, int round, List<String> command,
            Map<String, String> environment) throws IOException, InterruptedException {
        Path log = options.logs().resolve(String.format("%s-%s-%d.log", size.database(),
                what.replaceAll("[^A-Za-z0-9]+", "-"), round));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // The server's heap floor: what it holds (the day's documents) once the previous run's garbage is gone.
        System.gc();
        long floor = MEMORY.getHeapMemoryUsage().getUsed();
        long serverPeak = floor;
        long started = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        // VmHWM is the process's own high-water mark: sampling it often only matters for its last few ms.
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMarkKib(status));
            serverPeak = Math.max(serverPeak, MEMORY.getHeapMemoryUsage().getUsed());
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
        Run run = new Run(size, what, wall, peak, (serverPeak - floor) >> 20, inside);
        LOG.infof("%s, %s (round %d): %.1f s, peak RSS %d MiB, server heap +%d MiB %s", size.label(), what, round,
                wall.toMillis() / 1000.0, peak / 1024, run.serverHeapMib(), inside);
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
     * The job's daily documents against the baseline's and against its own pipeline run alone: every field the same,
     * except the averages (sums of slot sums: the last bits may differ) and longest gaps under one interval (which
     * the job may report shorter). The price checks and the repair figures the job adds to each report are left out.
     */
    private static String compare(MongoDatabase database, LocalDate day) {
        Map<String, Document> job = dailyDocuments(database, "market_data_daily", day);
        Map<String, Document> push = dailyDocuments(database, BaselinePipeline.PUSH_COLLECTION, day);
        Map<String, Document> slots = dailyDocuments(database, BaselinePipeline.SLOTS_COLLECTION, day);
        boolean sameAsAlone = job.equals(slots);
        // The baseline computes the coverage only: the price checks are left out of the comparison with it, and so
        // are the repair figures, which must say that no point of the benchmark's day was repaired.
        List<String> repaired = new ArrayList<>();
        job.forEach((coin, document) -> {
            Document quality = document.get("quality", Document.class);
            quality.remove("ordering_ok");
            quality.remove("prices_positive");
            Object coverage = quality.remove("repaired_coverage");
            Object points = quality.remove("repaired_points");
            if (!Objects.equals(coverage, 0.0) || !Objects.equals(points, 0)) {
                repaired.add(coin + " repaired_coverage " + coverage + ", repaired_points " + points);
            }
        });
        if (!repaired.isEmpty()) {
            return "job reports repairs on a day without any: " + repaired.size() + " coins, first " + repaired.get(0);
        }
        if (job.isEmpty() || !job.keySet().equals(push.keySet())) {
            return "job and baseline wrote different coins: " + job.size() + " vs " + push.size();
        }
        double largestRelative = 0;
        int shorterGaps = 0;
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Document> entry : job.entrySet()) {
            Document mine = entry.getValue();
            Document theirs = push.get(entry.getKey());
            for (String field : theirs.keySet()) {
                Object a = mine.get(field);
                Object b = theirs.get(field);
                if (field.startsWith("avg_") && a instanceof Double x && b instanceof Double y) {
                    largestRelative = Math.max(largestRelative, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
                } else if (field.equals("quality")) {
                    Document q = new Document((Document) a);
                    Document r = new Document((Document) b);
                    double gap = q.get("longest_gap_seconds", Number.class).doubleValue();
                    double exact = r.get("longest_gap_seconds", Number.class).doubleValue();
                    if (exact < INTERVAL_MILLIS / 1000.0 && gap <= exact) {
                        shorterGaps += gap < exact ? 1 : 0;
                        q.remove("longest_gap_seconds");
                        r.remove("longest_gap_seconds");
                    }
                    if (!q.equals(r)) {
                        differences.add(entry.getKey() + " quality " + q.toJson() + " vs " + r.toJson());
                    }
                } else if (!Objects.equals(a, b)) {
                    differences.add(entry.getKey() + " " + field + ": " + a + " vs " + b);
                }
            }
        }
        return differences.isEmpty()
                ? String.format(Locale.ROOT, "job vs baseline: every field of %,d coins identical, averages within "
                        + "%.1e relative, %d longest gaps under one interval reported shorter; job vs its pipeline "
                        + "alone identical: %s", job.size(), largestRelative, shorterGaps, sameAsAlone)
                : "job vs baseline: " + differences.size() + " differences, first " + differences.get(0);
    }

    private static Map<String, Document> dailyDocuments(MongoDatabase database, String collection, LocalDate day) {
        return database.getCollection(collection).find(Filters.eq("date", day.toString()))
                .projection(Projections.excludeId()).sort(Sorts.ascending("coin_id")).into(new ArrayList<>())
                .stream().collect(Collectors.toMap(d -> d.getString("coin_id"), Function.identity(), (a, b) -> a,
                        java.util.TreeMap::new));
    }

    private static String table(List<Run> runs) {
        StringBuilder table = new StringBuilder(
                "| coins × observations (step) | raw documents | process | wall time (s) | peak RSS (MiB) "
                        + "| server heap (MiB) | inside the job |\n"
                        + "|---|---:|---|---:|---:|---:|---|\n");
        for (Run run : runs) {
            table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %d | +%,d | %s |%n",
                    run.size().label(), run.size().documents(), run.what(), run.wall().toMillis() / 1000.0,
                    run.peakRssKib() / 1024, run.serverHeapMib(), run.inside()));
        }
        return table.toString();
    }

    // Best of the rounds for time (least disturbed by the other work on the machine), highest for memory.
    private static String summary(List<Run> runs, List<Size> sizes) {
        StringBuilder summary = new StringBuilder();
        for (Size size : sizes) {
            double job = best(runs, size, JOB);
            double push = best(runs, size, PUSH);
            double slots = best(runs, size, SLOTS);
            summary.append(String.format(Locale.ROOT, "- %s, %d coins per pipeline: job %.1f s (%s), slot "
                            + "pipeline alone %.1f s (%s), baseline %.1f s (%s): job / baseline **%.2f x**, slot "
                            + "pipeline / baseline **%.2f x** (best of rounds); job peak RSS %d MiB (%d MiB with %s); "
                            + "server heap +%,d MiB for the baseline, +%,d MiB for the slot pipeline, +%,d MiB for "
                            + "the job; largest stage holds %,d times (baseline) vs %,d (coin, slot) documents "
                            + "(job)%n",
                    size.label(), size.coinsPerPipeline(), job, spread(runs, size, JOB), slots,
                    spread(runs, size, SLOTS), push, spread(runs, size, PUSH), job / push, slots / push,
                    max(runs, size, JOB, Run::peakRssKib) / 1024,
                    max(runs, size, JOB + " " + CAPPED_HEAP, Run::peakRssKib) / 1024, CAPPED_HEAP,
                    max(runs, size, PUSH, Run::serverHeapMib), max(runs, size, SLOTS, Run::serverHeapMib),
                    max(runs, size, JOB, Run::serverHeapMib), size.documents(), size.slotGroups()));
        }
        return summary.toString();
    }

    private static double best(List<Run> runs, Size size, String what) {
        return runs.stream().filter(r -> r.size().equals(size) && r.what().equals(what))
                .mapToLong(r -> r.wall().toMillis()).min().orElse(0) / 1000.0;
    }

    private static String spread(List<Run> runs, Size size, String what) {
        return runs.stream().filter(r -> r.size().equals(size) && r.what().equals(what))
                .map(r -> String.format(Locale.ROOT, "%.1f", r.wall().toMillis() / 1000.0))
                .collect(Collectors.joining(" / "));
    }

    private static long max(List<Run> runs, Size size, String what, java.util.function.ToLongFunction<Run> value) {
        return runs.stream().filter(r -> r.size().equals(size) && r.what().equals(what)).mapToLong(value).max()
                .orElse(0);
    }

    private static void writeReport(Options options, Instant started, String table, String summary,
            List<String> notes) throws IOException {
        String section = SECTION + "\n\n"
                + "Command (from the repository root; loopback only):\n\n"
                + "```\n" + options.command() + "\n```\n\n"
                + "Run " + started + " on " + Runtime.getRuntime().availableProcessors() + " CPU cores, Java "
                + System.getProperty("java.version") + ", shared with other builds. One UTC day per size (raw "
                + "documents of the full shape store-service writes, each coin observed once per step at a random "
                + "point of it) in the in-memory MongoDB wire-protocol server of local-stack, which runs in the "
                + "benchmark's process with a real Kafka broker. Each size is loaded into a database of its own, "
                + "measured, then dropped.\n\n"
                + "- **baseline**: the job's former pipeline (`PushPipeline`: `$match`/`$sort`/one `$group` per coin "
                + "with a `$push` of every observation time/`$reduce`/`$merge`) issued with the plain driver by a "
                + "minimal Java process (`BaselinePipeline push`).\n"
                + "- **slot pipeline alone**: the job's pipeline (`DailyPipeline`: (coin, slot) `$group`, `$sort`, "
                + "per-coin `$group`, one pipeline per coin range) issued the same way (`BaselinePipeline slots`).\n"
                + "- **job**: `java -jar aggregate-service/target/quarkus-app/quarkus-run.jar --date "
                + options.day() + "` (statistics, quality report, `market_data_quality`, one `market.daily` event "
                + "per coin), default JVM settings like the baselines; **job " + CAPPED_HEAP + "**: the same with "
                + "the heap capped, to show what the job needs.\n"
                + "- Wall time of the whole process (JVM start to exit); peak RSS = `VmHWM` from "
                + "`/proc/<pid>/status`, sampled every 20 ms while the process runs; server heap = heap of the "
                + "benchmark's process above its level before the run.\n\n"
                + table + "\n" + summary + "\n"
                + notes.stream().map(note -> "- " + note + "\n").reduce("", String::concat) + "\n"
                + READING;
        Path report = options.report();
        BenchmarkHost.writeSection(report, SECTION, section);
        LOG.infof("wrote the results into %s", report.toAbsolutePath().normalize());
    }

    private static double seconds(String millis) {
        return Long.parseLong(millis) / 1000.0;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
