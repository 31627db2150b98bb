package io.cryptopipe.aggregate.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.cryptopipe.localstack.LoopbackPorts;
import io.cryptopipe.localstack.MongoWireServer;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times {@code archive} of one UTC day at 1-second granularity (the same synthetic day as
 * {@link DailyAggregationBenchmark}) with the packaged job, as a separate process with its heap capped, against the
 * in-memory wire server in this process, into a local folder. Reports documents/s and MB/s (of the documents' BSON)
 * from the job's own timing of the day, the Parquet file's size against the BSON size of the same documents, and the
 * job's peak RSS at each size (it must not grow with the day). Writes the "Cold storage (archive)" section of
 * {@code docs/benchmarks.md}.
 * <p>
 * {@code ./mvnw -B -pl aggregate-service -am -Pbenchmark verify -Dbenchmark.daily.skip=true}
 */
public final class ArchiveBenchmark {

    private static final Logger LOG = Logger.getLogger(ArchiveBenchmark.class);
    private static final String SECTION = "## Cold storage (archive)";
    private static final Pattern ARCHIVED = Pattern.compile("archived (\\d+) rows of \\d+ coins as version \\d+ "
            + "\\((\\d+) bytes\\).*\\((\\d+) ms\\)");
    private static final String HEAP = "-Xmx96m";

    record Run(int coins, long documents, long bsonBytes, long fileBytes, long millis, long baselineMillis,
            Duration wall, long peakKib) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(2, 10);
        LocalDate day = LocalDate.of(2024, 2, 29);
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Path report = Path.of("../docs/benchmarks.md");
        Path logs = Path.of("target/benchmark");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--coins" -> sizes = Arrays.stream(args[i + 1].split(",")).map(String::trim)
                        .map(Integer::valueOf).toList();
                case "--date" -> day = LocalDate.parse(args[i + 1]);
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--report" -> report = Path.of(args[i + 1]);
                case "--logs" -> logs = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(logs);
        Instant started = Instant.now();
        List<Run> runs = new ArrayList<>();
        try (MongoWireServer mongo = new MongoWireServer(null, LoopbackPorts.free()).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            for (int coins : sizes) {
                String database = "archive_bench_" + coins;
                MongoDatabase db = client.getDatabase(database);
                long documents = DailyAggregationBenchmark.load(db, coins, day);
                long bson = 0;
                DocumentCodec codec = new DocumentCodec();
                for (org.bson.Document document : db.getCollection("market_data_raw").find().batchSize(5_000)) {
                    bson += new RawBsonDocument(document, codec).getByteBuffer().remaining();
                }
                long baseline = readTheDay(db, day);
                Path target = Files.createTempDirectory("archive-bench");
                runs.add(measure(jar, day, coins, documents, bson, baseline, mongo.connectionString(), database,
                        target, logs.resolve("archive-" + coins + "-coins.log")));
                BenchmarkHost.deleteQuietly(target);
                db.drop();
            }
        }
        String table = table(runs);
        LOG.info("\n" + table);
        write(report, started, day, table);
    }

    /**
     * The baseline: the same cursor the job opens (the day, in index order, batches of 2,000), read to the end by
     * the plain driver in this process and thrown away. What is left of the job's time is Parquet, checksums and the
     * store.
     */
    private static long readTheDay(MongoDatabase db, LocalDate day) {
        long start = System.nanoTime();
        long[] seen = {0};
        db.getCollection("market_data_raw")
                .find(com.mongodb.client.model.Filters.and(
                        com.mongodb.client.model.Filters.gte("timestamp",
                                java.util.Date.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())),
                        com.mongodb.client.model.Filters.lt("timestamp",
                                java.util.Date.from(day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))))
                .sort(com.mongodb.client.model.Sorts.ascending("coin_id", "timestamp"))
                .hint(com.mongodb.client.model.Indexes.ascending("coin_id", "timestamp"))
                .batchSize(2_000)
                .forEach(document -> seen[0]++);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("baseline: %d documents read in %d ms", seen[0], millis);
        return millis;
    }

    private static Run measure(Path jar, LocalDate day, int coins, long documents, long bson, long baseline,
            String mongo,
            String database, Path target, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-jar", jar.toString(), "archive", "--date", day.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MONGODB_URI", mongo);
        builder.environment().put("MONGODB_DATABASE", database);
        builder.environment().put("AGGREGATE_ARCHIVE_TARGET", target.toUri().toString());
        long start = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, DailyAggregationBenchmark.highWaterMarkKib(status));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher archived = ARCHIVED.matcher(output);
        if (process.exitValue() != 0 || !archived.find()) {
            throw new IllegalStateException("archive exited with " + process.exitValue() + ", see " + log);
        }
        if (Long.parseLong(archived.group(1)) != documents) {
            throw new IllegalStateException("archived " + archived.group(1) + " rows of " + documents);
        }
        Run run = new Run(coins, documents, bson, Long.parseLong(archived.group(2)), Long.parseLong(archived.group(3)),
                baseline, wall, peak);
        LOG.infof("%d coins: %d documents in %d ms, file %d bytes, peak RSS %d MiB", coins, documents, run.millis(),
                run.fileBytes(), peak / 1024);
        return run;
    }

    private static String table(List<Run> runs) {
        StringBuilder table = new StringBuilder("| coins | documents | BSON size | Parquet file | file / BSON | "
                + "archive of the day | documents/s | MB/s (BSON) | baseline: read the day | archive / baseline | "
                + "process wall | peak RSS (" + HEAP + ") |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            double seconds = run.millis() / 1000.0;
            table.append(String.format(Locale.ROOT, "| %d | %,d | %.1f MB | %.1f MB | %.3f | %.1f s | %,.0f | %.1f | "
                            + "%.1f s | %.2f x | %.1f s | %d MiB |\n", run.coins(), run.documents(),
                    run.bsonBytes() / 1e6, run.fileBytes() / 1e6, (double) run.fileBytes() / run.bsonBytes(), seconds,
                    run.documents() / seconds, run.bsonBytes() / 1e6 / seconds, run.baselineMillis() / 1000.0,
                    (double) run.millis() / run.baselineMillis(), run.wall().toMillis() / 1000.0,
                    run.peakKib() / 1024));
        }
        return table.toString();
    }

    private static void write(Path report, Instant started, LocalDate day, String table) throws IOException {
        String section = SECTION + "\n\n"
                + "```\n./mvnw -B -pl aggregate-service -am -Pbenchmark verify -Dbenchmark.daily.skip=true\n```\n\n"
                + "Run " + started + " on " + Runtime.getRuntime().availableProcessors() + " CPU cores, Java "
                + System.getProperty("java.version") + ", shared with other builds. The synthetic day of the daily "
                + "benchmark (" + day + ", one raw document per coin and second, the full shape store-service "
                + "writes) in the in-memory wire server; `java " + HEAP + " -jar …/quarkus-run.jar archive --date "
                + day + "` into a local folder. *archive of the day* is the job's own time for the day (cursor "
                + "over the day in index order, Parquet with ZSTD into a temporary file, content checksum, file "
                + "checksum, atomic store of file and manifest), printed on its line; *process wall* adds the JVM "
                + "and Quarkus start. *BSON size* is the documents' encoded size (what MongoDB stores before its "
                + "own block compression and indexes). *baseline* is the same cursor (the day in index order, batches of "
                + "2,000) read to the end by the plain driver in the benchmark's process, just before the job: what "
                + "reading the day costs here, so *archive / baseline* is what Parquet, the checksums and the store "
                + "add. Peak RSS is `VmHWM`, sampled every 20 ms.\n\n"
                + table + "\n"
                + "- The heap cap is the point: the job holds one row group (16 MiB of encoded pages) and one "
                + "cursor batch, so its memory does not grow with the day; the peak RSS at both sizes shows it.\n"
                + "- The wire server does the reading here in the same machine's CPUs; on a real MongoDB the cursor "
                + "is served by the database's own threads. 50 coins (4.32 M documents) needs ~11 GB of heap for "
                + "the in-memory server (see \"Daily aggregation\"); `-Dbenchmark.coins=10,50` on a larger "
                + "machine.\n";
        BenchmarkHost.writeSection(report, SECTION, section);
        LOG.infof("wrote the results into %s", report.toAbsolutePath().normalize());
    }
}
