package io.cryptopipe.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.localstack.KafkaBroker;
import io.cryptopipe.localstack.LoopbackPorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Store throughput and latency, numbers only (no asserts), every party in a process of its own: the MongoDB wire
 * server (in memory), the packaged store-service, and the three {@link BaselineLoop}s (plain insert, ReplaceOne
 * upserts, $setOnInsert upserts); the Kafka broker and this measuring process are shared by all clients. It preloads
 * N recorded-data observations into {@code market.raw}, then drains them with each loop and with the store (each its
 * own consumer group, into a collection with the same indexes, dropped afterwards), and reads from {@code /proc} how
 * fast each drained and how much CPU it and the server spent per document. Then the store drains the same records
 * again into a collection that holds half of them already, and one that holds all of them (a replay, a re-poll).
 * Before all that, the publish-to-visible latency at a steady rate with the store running.
 * Run with {@code ./mvnw -B -pl fault-tests -am verify -Pbenchmark -DskipTests}.
 */
public final class StoreBenchmark {

    private static final Logger LOG = Logger.getLogger(StoreBenchmark.class.getName());
    private static final String BASELINE_DB = "benchmark";
    // The store's retention default (store.retention=365d): its timestamp index is this TTL index.
    private static final long RETENTION_SECONDS = Duration.ofDays(365).toSeconds();
    // What a 10-minute outage leaves behind at 15,000 coins polled every 60 s (250 records/s).
    private static final long OUTAGE_BACKLOG = 150_000;

    private StoreBenchmark() {
    }

    /** Documents stored, and the wall and CPU seconds it took, between two moments of a drain. */
    private record Window(long docs, double seconds, double clientCpu, double serverCpu) {

        double rate() {
            return docs / seconds;
        }

        double clientMicrosPerDoc() {
            return clientCpu * 1e6 / docs;
        }

        double serverMicrosPerDoc() {
            return serverCpu * 1e6 / docs;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f docs/s, client %.1f µs CPU/doc, server %.1f µs CPU/doc",
                    rate(), clientMicrosPerDoc(), serverMicrosPerDoc());
        }
    }

    /**
     * One drain: the whole of it, its warm part, and how long the first {@link #OUTAGE_BACKLOG} documents took.
     */
    private record Drain(Party party, String label, Window whole, Window warm, double backlogSeconds,
            long peakRssKb) {
    }

    /** Who drains, and how much of the backlog the target collection holds before. */
    private enum Party {
        INSERT_LOOP("insert loop", BaselineLoop.Form.INSERT, 0),
        REPLACE_LOOP("ReplaceOne loop", BaselineLoop.Form.REPLACE, 0),
        SET_ON_INSERT_LOOP("$setOnInsert loop", BaselineLoop.Form.SET_ON_INSERT, 0),
        STORE("store-service", null, 0),
        STORE_HALF_STORED("store, 50 % stored", null, 50),
        STORE_ALL_STORED("store, 100 % stored", null, 100);

        final String label;
        final BaselineLoop.Form form;
        final int storedPercent;

        Party(String label, BaselineLoop.Form form, int storedPercent) {
            this.label = label;
            this.form = form;
            this.storedPercent = storedPercent;
        }
    }

    private record Latency(long p50, long p99, long max, int count) {
    }

    public static void main(String[] args) throws Exception {
        long n = Long.getLong("benchmark.records", 1_000_000L);
        int rounds = Integer.getInteger("benchmark.rounds", 1);
        int latencyRate = Integer.getInteger("benchmark.latency.rate", 250);
        Duration latencyFor = Duration.ofSeconds(Long.getLong("benchmark.latency.seconds", 60L));
        String serverHeap = System.getProperty("benchmark.server-heap", "4g");
        // e.g. -Dbenchmark.profile=true: a flight recording of each client, in fault-tests/target/fault-logs.
        boolean profile = Boolean.getBoolean("benchmark.profile");
        Path data = Files.createTempDirectory("store-benchmark");
        int mongoPort = LoopbackPorts.free();
        String mongoUri = "mongodb://127.0.0.1:" + mongoPort;
        try (KafkaBroker kafka = new KafkaBroker(data, LoopbackPorts.free(), LoopbackPorts.free()).start();
                ChildJvm server = ChildJvm.start("benchmark-wire-server", List.of("-Xmx" + serverHeap),
                        WireServerMain.class, String.valueOf(mongoPort));
                MongoClient mongo = MongoClients.create(mongoUri)) {
            FaultStack.createRawTopic(kafka);
            mongo.getDatabase("admin").runCommand(new Document("ping", 1));
            Map<String, String> storeEnvironment = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "MONGODB_URI", mongoUri, "MONGODB_DATABASE", FaultStack.DATABASE);
            MongoCollection<Document> raw = mongo.getDatabase(FaultStack.DATABASE).getCollection(CollectionNames.RAW);

            Latency latency = null;
            if (!latencyFor.isZero()) {
                // Latency first, on its own: the store idle, a steady rate, nothing else running.
                try (StoreProcess idle = new StoreProcess("benchmark-latency", storeEnvironment).start()) {
                    idle.awaitReady();
                    // Until the store has its partitions, records wait for the group to form: not the steady state.
                    measureLatency(kafka, raw, Instant.parse("2026-05-01T00:00:00Z"), latencyRate,
                            Duration.ofSeconds(10));
                    latency = measureLatency(kafka, raw, Instant.parse("2026-06-01T00:00:00Z"), latencyRate,
                            latencyFor);
                }
                log("latency p50 %d ms, p99 %d ms", latency.p50(), latency.p99());
                raw.drop();
            }

            RecordedCoins coins = new RecordedCoins(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(30));
            long preloadStart = System.nanoTime();
            preload(kafka, coins, n);
            log("preloaded %,d records into %s in %.1f s", n, FaultStack.MARKET_RAW, seconds(preloadStart));

            List<Drain> drains = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Alternating the order spreads any drift of the shared machine over all parties.
                List<Party> order = new ArrayList<>(List.of(Party.values()));
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Party party : order) {
                    drains.add(party.form != null
                            ? drainWithLoop(party, kafka, mongoUri, mongo, server, n, round, profile)
                            : drainWithStore(party, storeEnvironment, raw, server, coins, n, round, profile));
                }
            }
            report(n, drains, latency, latencyRate, latencyFor);
        }
    }

    private static Drain drainWithStore(Party party, Map<String, String> environment,
            MongoCollection<Document> raw, ChildJvm server, RecordedCoins coins, long n, int round, boolean profile)
            throws Exception {
        createIndexes(raw);
        if (party.storedPercent > 0) {
            long prefillStart = System.nanoTime();
            long stored = prefill(raw, coins, n, party.storedPercent);
            log("%s: %,d of the %,d observations stored beforehand in %.1f s", party.label, stored, n,
                    seconds(prefillStart));
        }
        String name = "benchmark-" + party.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + round;
        // Its own consumer group each drain, so each reads the whole backlog from the start.
        List<String> options = new ArrayList<>(List.of(
                "-Dmp.messaging.incoming.market-raw.group.id=benchmark-" + name));
        if (profile) {
            options.addAll(flightRecording(name));
        }
        Drain drain;
        String label = party.label + ", round " + round;
        try (StoreProcess store = new StoreProcess(name, environment, options).start()) {
            // With observations stored already the collection's count says nothing: the store's own counters do
            // (written + duplicates: every record once), read less often since each read costs the store a scrape.
            LongSupplier progress = party.storedPercent == 0 ? raw::estimatedDocumentCount
                    : () -> storeProgress(store);
            drain = awaitDrained(party, label, progress, party.storedPercent == 0 ? 100 : 500, n, store.pid(),
                    server.pid(), store::isAlive);
            String metrics = store.metrics();
            double batches = metric(metrics, "store_batch_size_records_count");
            log("%s: %.0f batches of %.0f records on average; inserts took %.1f s in all (%.1f s partial); "
                            + "written %.0f, duplicates %.0f", label, batches,
                    metric(metrics, "store_batch_size_records_sum") / batches,
                    metric(metrics, "store_bulk_write_seconds_sum{outcome=\"success\"}")
                            + metric(metrics, "store_bulk_write_seconds_sum{outcome=\"partial\"}"),
                    metric(metrics, "store_bulk_write_seconds_sum{outcome=\"partial\"}"),
                    metric(metrics, "store_records_written_total"), metric(metrics, "store_records_duplicates_total"));
        }
        raw.drop();
        return drain;
    }

    /** Records the store has taken so far: written or found stored already. */
    private static long storeProgress(StoreProcess store) {
        try {
            String metrics = store.metrics();
            return (long) (metric(metrics, "store_records_written_total")
                    + metric(metrics, "store_records_duplicates_total"));
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores the documents of {@code percent} % of the backlog's observations, spread evenly over it (every other
     * one for 50 %), as the store would have stored them.
     */
    private static long prefill(MongoCollection<Document> target, RecordedCoins coins, long n, int percent)
            throws java.io.IOException {
        List<Document> batch = new ArrayList<>();
        long stored = 0;
        for (long i = 0; i < n; i++) {
            if (percent == 100 || i % (100 / percent) == 0) {
                batch.add(BaselineLoop.toDocument(coins.observation(i).toString()));
            }
            if (batch.size() == 10_000 || i == n - 1 && !batch.isEmpty()) {
                target.insertMany(batch);
                stored += batch.size();
                batch.clear();
            }
        }
        return stored;
    }

    private static Drain drainWithLoop(Party party, KafkaBroker kafka, String mongoUri, MongoClient mongo,
            ChildJvm server, long n, int round, boolean profile) throws Exception {
        String collection = party.form.arg();
        MongoCollection<Document> target = mongo.getDatabase(BASELINE_DB).getCollection(collection);
        createIndexes(target);
        String name = "benchmark-" + collection.toLowerCase(Locale.ROOT) + "-loop-" + round;
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        if (profile) {
            options.addAll(flightRecording(name));
        }
        Drain drain;
        try (ChildJvm loop = ChildJvm.start(name, options, BaselineLoop.class, party.form.arg(),
                kafka.bootstrapServers(), mongoUri, BASELINE_DB, collection, name, String.valueOf(n))) {
            drain = awaitDrained(party, party.label + ", round " + round, target::estimatedDocumentCount, 100, n,
                    loop.pid(), server.pid(), loop::isAlive);
            if (!loop.awaitExit(60, TimeUnit.SECONDS) || loop.exitValue() != 0) {
                throw new IllegalStateException("the " + party.label + " did not end cleanly, see " + loop.log());
            }
        }
        target.drop();
        return drain;
    }

    private static List<String> flightRecording(String name) {
        Path file = StoreProcess.ROOT.resolve("fault-tests/target/fault-logs/" + name + ".jfr");
        return List.of("-XX:StartFlightRecording=settings=profile,filename=" + file);
    }

    /** The store's own indexes: unique identity, and the timestamp index with the default retention as TTL. */
    private static void createIndexes(MongoCollection<Document> target) {
        target.drop();
        target.createIndex(Indexes.ascending("coin_id", "timestamp"),
                new IndexOptions().name("coin_id_1_timestamp_1").unique(true));
        target.createIndex(Indexes.ascending("timestamp"),
                new IndexOptions().name("timestamp_1").expireAfter(RETENTION_SECONDS, TimeUnit.SECONDS));
    }

    private static void preload(KafkaBroker kafka, RecordedCoins coins, long n) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            for (long i = 0; i < n; i++) {
                ObjectNode record = coins.observation(i);
                producer.send(new ProducerRecord<>(FaultStack.MARKET_RAW, record.get("coin_id").asText(),
                        record.toString()), (metadata, error) -> {
                            if (error != null) {
                                failure.set(error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preloading failed", failure.get());
        }
    }

    /** The state of a drain at one moment: documents stored and CPU spent so far. */
    private record Mark(long nanos, long count, double clientCpu, double serverCpu) {

        static Mark now(long count, long clientPid, long serverPid) {
            return new Mark(System.nanoTime(), count, ProcessStats.cpuSeconds(clientPid),
                    ProcessStats.cpuSeconds(serverPid));
        }
    }

    /**
     * Reads the progress (documents or records taken) every {@code pollMillis}. The whole window runs from the first
     * one seen to the n-th, so the JVM's start-up and the consumer-group join are not in it; the warm window starts
     * once a fifth are taken, when the JIT has compiled the write path of every client (the store's, being larger,
     * takes longer).
     */
    private static Drain awaitDrained(Party party, String label, LongSupplier progress, long pollMillis, long n,
            long clientPid, long serverPid, java.util.function.BooleanSupplier clientAlive) {
        Mark first = null;
        Mark warm = null;
        Mark backlog = null;
        long count = 0;
        long lastLog = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (count < n) {
            if (!clientAlive.getAsBoolean() && count == 0 || System.nanoTime() > deadline) {
                throw new IllegalStateException(label + " stopped at " + count + " of " + n + " documents");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pollMillis));
            count = progress.getAsLong();
            if (first == null && count > 0) {
                first = Mark.now(count, clientPid, serverPid);
            }
            if (warm == null && first != null && count >= first.count() + (n - first.count()) / 5) {
                warm = Mark.now(count, clientPid, serverPid);
            }
            if (backlog == null && count >= OUTAGE_BACKLOG) {
                backlog = Mark.now(count, clientPid, serverPid);
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                log("%s: %,d of %,d", label, count, n);
                lastLog = System.nanoTime();
            }
        }
        Mark last = Mark.now(count, clientPid, serverPid);
        Drain drain = new Drain(party, label, window(first, last), window(warm, last),
                backlog == null ? Double.NaN : (backlog.nanos() - first.nanos()) / 1e9,
                ProcessStats.peakRssKb(clientPid));
        log("%s: %s; warm: %s; client peak RSS %d MiB", label, drain.whole(), drain.warm(),
                drain.peakRssKb() / 1024);
        return drain;
    }

    private static Window window(Mark from, Mark to) {
        return new Window(to.count() - from.count(), (to.nanos() - from.nanos()) / 1e9,
                to.clientCpu() - from.clientCpu(), to.serverCpu() - from.serverCpu());
    }

    private static void report(long n, List<Drain> drains, Latency latency, int latencyRate,
            Duration latencyFor) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n== Store benchmark, %,d records, each party in its own process ==%n"
                        + "%-32s %-6s %10s %14s %14s %10s %12s%n", n, "", "window", "records/s", "client µs/doc",
                "server µs/doc", "peak RSS", "first 150k"));
        for (Drain d : drains) {
            out.append(row(d.label(), "whole", d.whole(), d.peakRssKb(), d.backlogSeconds()));
            out.append(row("", "warm", d.warm(), -1, Double.NaN));
        }
        Window store = sum(drains, Party.STORE, Drain::whole);
        Window storeWarm = sum(drains, Party.STORE, Drain::warm);
        for (Party loop : List.of(Party.INSERT_LOOP, Party.REPLACE_LOOP, Party.SET_ON_INSERT_LOOP)) {
            out.append(ratios("store / " + loop.label + ", whole", store, sum(drains, loop, Drain::whole)));
            out.append(ratios("store / " + loop.label + ", warm", storeWarm, sum(drains, loop, Drain::warm)));
        }
        out.append("  targets: drain rate >= 0.9 x the insert loop and >= 1.0 x the ReplaceOne loop; client CPU/doc "
                + "<= 1.3 x the insert loop's\n");
        for (Party replay : List.of(Party.STORE_HALF_STORED, Party.STORE_ALL_STORED)) {
            Window w = sum(drains, replay, Drain::whole);
            out.append(String.format(Locale.ROOT, "  %s: %,.0f records/s whole, %.2f x the store's drain into an "
                            + "empty collection (target: at least the store's drain rate before the change)%n",
                    replay.label, w.rate(), w.rate() / store.rate()));
        }
        out.append(String.format(Locale.ROOT, "store peak RSS at most %d MiB (target <= 400 MiB, -Xmx256m)%n",
                drains.stream().filter(d -> d.party().form == null).mapToLong(Drain::peakRssKb).max().orElse(0)
                        / 1024));
        // The 15,000-coin case: a 10-minute outage at 250 records/s leaves 150,000 records behind, to be caught up
        // within 2 minutes while the steady 250/s keep coming.
        double storeRate = store.rate();
        drains.stream().filter(d -> d.party() == Party.STORE && !Double.isNaN(d.backlogSeconds()))
                .forEach(d -> out.append(String.format(Locale.ROOT,
                        "%s: the first 150,000 documents of the backlog took %.0f s (%,.0f docs/s)%n",
                        d.label(), d.backlogSeconds(), OUTAGE_BACKLOG / d.backlogSeconds())));
        out.append(String.format(Locale.ROOT,
                "store catch-up at 15,000 coins: at %,.0f docs/s a 150,000-record backlog drains in %.0f s, "
                        + "%.0f s with the steady 250/s still arriving (target <= 120 s)%n",
                storeRate, OUTAGE_BACKLOG / storeRate, OUTAGE_BACKLOG / (storeRate - 250)));
        if (latency != null) {
            out.append(String.format(Locale.ROOT,
                    "latency publish->visible at %d records/s for %d s: p50 %d ms, p99 %d ms, max %d ms "
                            + "(%d records; target p99 < 1000 ms)%n",
                    latencyRate, latencyFor.toSeconds(), latency.p50(), latency.p99(), latency.max(),
                    latency.count()));
        }
        log("%s", out);
    }

    private static String row(String label, String window, Window w, long peakRssKb, double backlogSeconds) {
        return String.format(Locale.ROOT, "%-32s %-6s %,10.0f %14.1f %14.1f %10s %12s%n", label, window, w.rate(),
                w.clientMicrosPerDoc(), w.serverMicrosPerDoc(), peakRssKb < 0 ? "" : peakRssKb / 1024 + " MiB",
                Double.isNaN(backlogSeconds) ? "" : String.format(Locale.ROOT, "%.0f s", backlogSeconds));
    }

    private static String ratios(String what, Window store, Window loop) {
        return String.format(Locale.ROOT,
                "  %s: drain rate %.2f, client CPU/doc %.2f, server CPU/doc %.2f%n",
                what, store.rate() / loop.rate(), store.clientMicrosPerDoc() / loop.clientMicrosPerDoc(),
                store.serverMicrosPerDoc() / loop.serverMicrosPerDoc());
    }

    private static Window sum(List<Drain> drains, Party party, java.util.function.Function<Drain, Window> part) {
        return drains.stream().filter(d -> d.party() == party).map(part).reduce(new Window(0, 0, 0, 0),
                (a, b) -> new Window(a.docs() + b.docs(), a.seconds() + b.seconds(), a.clientCpu() + b.clientCpu(),
                        a.serverCpu() + b.serverCpu()));
    }

    /**
     * Publishes {@code rate} new observations per second and queries the collection every 5 ms for the ones that
     * became visible; the time one query takes bounds the resolution. A lookup per record would measure the probe,
     * not the store, on a loaded machine.
     */
    private static Latency measureLatency(KafkaBroker kafka, MongoCollection<Document> raw,
            Instant firstObservation, int rate, Duration duration) {
        RecordedCoins coins = new RecordedCoins(firstObservation, Duration.ofSeconds(30));
        Map<Identity, Long> pending = new ConcurrentHashMap<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        long total = duration.toSeconds() * rate;
        AtomicLong next = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        // 100 ticks a second; each sends its share of the rate, so the records are spread evenly over the second.
        LongSupplier perTick = () -> Math.max(1, rate / 100);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer())) {
            ticker.scheduleAtFixedRate(() -> {
                for (long k = 0; k < perTick.getAsLong(); k++) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        return;
                    }
                    ObjectNode record = coins.observation(i);
                    pending.put(RecordedCoins.identity(record), System.nanoTime());
                    producer.send(new ProducerRecord<>(FaultStack.MARKET_RAW, record.get("coin_id").asText(),
                            record.toString()));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + duration.plusSeconds(30).toNanos();
            Date first = Date.from(RecordedCoins.identity(coins.observation(0)).timestamp());
            long probes = 0;
            long probeNanos = 0;
            while ((next.get() < total || !pending.isEmpty()) && System.nanoTime() < deadline) {
                long probeStart = System.nanoTime();
                for (Document doc : raw.find(Filters.gte("timestamp", first))
                        .projection(new Document("coin_id", 1).append("timestamp", 1).append("_id", 0))) {
                    Long publishedAt = pending.remove(new Identity(doc.getString("coin_id"),
                            doc.getDate("timestamp").toInstant()));
                    if (publishedAt != null) {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishedAt));
                    }
                }
                probes++;
                probeNanos += System.nanoTime() - probeStart;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            log("latency probe: %,d queries, %.1f ms each on average (the resolution of the measurement)", probes,
                    probes == 0 ? 0.0 : probeNanos / 1e6 / probes);
        } finally {
            ticker.shutdownNow();
        }
        if (!pending.isEmpty()) {
            log("%d records not visible within the latency run", pending.size());
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        return new Latency(percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static double metric(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        LOG.info(message);
    }
}
