package io.cryptopipe.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.cryptopipe.contract.MarketRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.io.IOException;
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
import java.util.logging.Logger;

/**
 * Store throughput and latency, numbers only (no asserts): preloads N recorded-data observations into
 * {@code market.raw}, then against the same broker and MongoDB wire server measures (a) the packaged store-service
 * draining them, (b) a plain KafkaConsumer with unordered {@code insertMany} of up to 1,000 into an empty collection,
 * (c) the same with unordered upserts on the identity, and the publish-to-visible latency at a steady 100 records/s
 * with the store running. Run with {@code ./mvnw -B -pl fault-tests -am verify -Pbenchmark -DskipTests}.
 */
public final class StoreBenchmark {

    private static final Logger LOG = Logger.getLogger(StoreBenchmark.class.getName());
    private static final String BENCHMARK_DB = "benchmark";

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = Long.getLong("benchmark.records", 1_000_000L);
        Duration latencyFor = Duration.ofSeconds(Long.getLong("benchmark.latency.seconds", 60L));
        Path data = Files.createTempDirectory("store-benchmark");
        try (FaultStack stack = FaultStack.start(data);
                MongoClient mongo = MongoClients.create(stack.mongo.connectionString())) {
            // Latency first, on its own: the store idle, 100 records/s, nothing else running.
            Latency latency;
            try (StoreProcess idle = new StoreProcess("benchmark-latency", stack.storeEnvironment()).start()) {
                idle.awaitReady();
                // Until the store has its partitions, records wait for the group to form: not the steady state.
                measureLatency(stack, Instant.parse("2026-05-01T00:00:00Z"), Duration.ofSeconds(10));
                latency = measureLatency(stack, Instant.parse("2026-06-01T00:00:00Z"), latencyFor);
            }
            log("latency p50 %d ms, p99 %d ms", latency.p50(), latency.p99());
            stack.raw().drop();

            RecordedCoins coins = new RecordedCoins(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(30));
            long preloadStart = System.nanoTime();
            preload(stack, coins, n);
            log("preloaded %,d records into %s in %.1f s", n, FaultStack.MARKET_RAW, seconds(preloadStart));
            double storeRate;
            long peakRssKb;
            try (StoreProcess store = new StoreProcess("benchmark-drain", stack.storeEnvironment()).start()) {
                storeRate = awaitDrained(stack.raw(), n);
                log("(a) store-service: %,.0f docs/s", storeRate);
                peakRssKb = peakRssKb(store.pid());
                String metrics = store.metrics();
                double batches = metric(metrics, "store_batch_size_records_count");
                log("store: %.0f batches of %.0f records on average; bulk writes took %.1f s in all",
                        batches, metric(metrics, "store_batch_size_records_sum") / batches,
                        metric(metrics, "store_bulk_write_seconds_sum{outcome=\"success\"}"));
            }
            stack.raw().drop();

            double insertRate = baseline(stack, mongo.getDatabase(BENCHMARK_DB).getCollection("insert_many"), n,
                    false);
            log("(b) baseline insertMany: %,.0f docs/s", insertRate);
            mongo.getDatabase(BENCHMARK_DB).getCollection("insert_many").drop();
            double upsertRate = baseline(stack, mongo.getDatabase(BENCHMARK_DB).getCollection("upserts"), n, true);
            log("(c) baseline upserts: %,.0f docs/s", upsertRate);
            mongo.getDatabase(BENCHMARK_DB).getCollection("upserts").drop();

            log("%n== Store benchmark, %,d records ==%n"
                    + "(a) store-service drain          %,10.0f docs/s%n"
                    + "(b) baseline insertMany (1,000)  %,10.0f docs/s%n"
                    + "(c) baseline unordered upserts   %,10.0f docs/s%n"
                    + "ratio (a)/(c)                    %10.2f   (target >= 0.9)%n"
                    + "store peak RSS                   %,10d MiB (-Xmx256m)%n"
                    + "latency publish->visible at 100 records/s for %d s: p50 %d ms, p99 %d ms, max %d ms "
                    + "(%d records; target p99 < 1000 ms)",
                    n, storeRate, insertRate, upsertRate, storeRate / upsertRate, peakRssKb / 1024,
                    latencyFor.toSeconds(), latency.p50(), latency.p99(), latency.max(), latency.count());
        }
    }

    private static void preload(FaultStack stack, RecordedCoins coins, long n) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
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

    /** Docs/s from the first stored document to the last, so the store's start-up does not count. */
    private static double awaitDrained(MongoCollection<Document> raw, long n) {
        long firstAt = 0;
        long firstCount = 0;
        long count = 0;
        long lastLog = System.nanoTime();
        while (count < n) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            count = raw.estimatedDocumentCount();
            if (firstAt == 0 && count > 0) {
                firstAt = System.nanoTime();
                firstCount = count;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                log("store drained %,d of %,d", count, n);
                lastLog = System.nanoTime();
            }
        }
        return (n - firstCount) / seconds(firstAt);
    }

    private static double baseline(FaultStack stack, MongoCollection<Document> target, long n, boolean upsert) {
        target.drop();
        if (upsert) {
            // The same indexes the store keeps: an upsert finds its match through the unique identity index.
            target.createIndex(Indexes.ascending("coin_id", "timestamp"), new IndexOptions().unique(true));
            target.createIndex(Indexes.ascending("timestamp"));
        }
        long written = 0;
        long start = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "baseline-" + target.getNamespace().getCollectionName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(FaultStack.MARKET_RAW));
            long lastLog = System.nanoTime();
            while (written < n) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                if (start == 0) {
                    start = System.nanoTime();
                }
                List<Document> docs = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> record : records) {
                    docs.add(toDocument(record.value()));
                }
                if (upsert) {
                    List<WriteModel<Document>> models = new ArrayList<>(docs.size());
                    for (Document doc : docs) {
                        Document identity = new Document("coin_id", doc.remove("coin_id"))
                                .append("timestamp", doc.remove("timestamp"));
                        models.add(new UpdateOneModel<>(identity, new Document("$setOnInsert", doc),
                                new UpdateOptions().upsert(true)));
                    }
                    target.bulkWrite(models, new BulkWriteOptions().ordered(false));
                } else {
                    target.insertMany(docs, new InsertManyOptions().ordered(false));
                }
                consumer.commitAsync();
                written += docs.size();
                if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                    log("baseline %s wrote %,d of %,d", target.getNamespace().getCollectionName(), written, n);
                    lastLog = System.nanoTime();
                }
            }
        }
        return n / seconds(start);
    }

    private static Document toDocument(String json) {
        MarketRecord r;
        try {
            r = RecordedCoins.MAPPER.readValue(json, MarketRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("a preloaded record does not decode", e);
        }
        return new Document("coin_id", r.coinId())
                .append("timestamp", Date.from(r.timestamp()))
                .append("fetched_at", Date.from(r.fetchedAt()))
                .append("source", r.source())
                .append("schema_version", r.schemaVersion())
                .append("symbol", r.symbol())
                .append("name", r.name())
                .append("current_price", r.currentPrice())
                .append("market_cap", r.marketCap())
                .append("market_cap_rank", r.marketCapRank())
                .append("total_volume", r.totalVolume())
                .append("high_24h", r.high24h())
                .append("low_24h", r.low24h())
                .append("price_change_24h", r.priceChange24h())
                .append("price_change_percentage_24h", r.priceChangePercentage24h())
                .append("circulating_supply", r.circulatingSupply());
    }

    private record Latency(long p50, long p99, long max, int count) {
    }

    /**
     * Publishes 100 new observations per second and queries the collection every 5 ms for the ones that became
     * visible; the time one query takes bounds the resolution. A lookup per record would measure the probe, not the
     * store, on a loaded machine.
     */
    private static Latency measureLatency(FaultStack stack, Instant firstObservation, Duration duration) {
        RecordedCoins coins = new RecordedCoins(firstObservation, Duration.ofSeconds(30));
        Map<Identity, Long> pending = new ConcurrentHashMap<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        long total = duration.toSeconds() * 100;
        AtomicLong next = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer())) {
            ticker.scheduleAtFixedRate(() -> {
                long i = next.getAndIncrement();
                if (i < total) {
                    ObjectNode record = coins.observation(i);
                    pending.put(RecordedCoins.identity(record), System.nanoTime());
                    producer.send(new ProducerRecord<>(FaultStack.MARKET_RAW, record.get("coin_id").asText(),
                            record.toString()));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + duration.plusSeconds(30).toNanos();
            MongoCollection<Document> raw = stack.raw();
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

    /** VmHWM: the highest resident set size the process reached. */
    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        LOG.info(message);
    }
}
