package io.cryptopipe.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of market records to {@code market.raw} at a fixed rate, each a distinct observation: the coins
 * and values of a recorded CoinGecko response, one round of all coins per second of observation time. Optionally
 * a poison record after every {@code poisonEvery} good ones. It remembers what the broker acknowledged.
 */
final class RecordStream implements AutoCloseable {

    /** A record the store must refuse, where it landed, and the reason code it must be refused with. */
    record Poison(String kind, String value, int partition, long offset) {
    }

    private static final int TICKS_PER_SECOND = 20;

    private final KafkaProducer<String, String> producer;
    private final Instant firstObservation = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
    private final RecordedCoins coins = new RecordedCoins(firstObservation, Duration.ofSeconds(1));
    private final int total;
    private final int perTick;
    private final int poisonEvery;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger poisonSent = new AtomicInteger();
    private final CountDownLatch allSent = new CountDownLatch(1);
    private final Set<Identity> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Poison> poisons = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private volatile long startedAt;

    /**
     * @param poisonEvery 0 for good records only
     */
    RecordStream(String bootstrapServers, int perSecond, Duration duration, int poisonEvery) {
        this.total = (int) (perSecond * duration.toSeconds());
        this.perTick = Math.max(1, perSecond / TICKS_PER_SECOND);
        this.poisonEvery = poisonEvery;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // Rides out a broker restart: a record is retried until the broker is back, not dropped.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000),
                new StringSerializer(), new StringSerializer());
    }

    RecordStream start() {
        startedAt = System.nanoTime();
        ticker.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        return this;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Waits until every record was handed to the producer and the producer has heard back about each. */
    void awaitSent(Duration timeout) throws InterruptedException {
        if (!allSent.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + next.get() + " of " + total + " records sent within " + timeout);
        }
        producer.flush();
    }

    int total() {
        return total;
    }

    Set<Identity> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    List<Poison> poisons() {
        return List.copyOf(poisons);
    }

    List<Exception> failures() {
        return List.copyOf(failures);
    }

    private void tick() {
        for (int i = 0; i < perTick; i++) {
            int index = next.getAndIncrement();
            if (index >= total) {
                allSent.countDown();
                return;
            }
            sendGood(index);
            if (poisonEvery > 0 && index % poisonEvery == poisonEvery / 2) {
                sendPoison(poisonSent.getAndIncrement());
            }
        }
    }

    private void sendGood(int index) {
        ObjectNode record = coins.observation(index);
        Identity identity = RecordedCoins.identity(record);
        producer.send(new ProducerRecord<>(FaultStack.MARKET_RAW, identity.coinId(), record.toString()),
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(identity);
                    } else {
                        failures.add(error);
                    }
                });
    }

    // The three shapes of poison a topic fed by other producers can carry.
    private void sendPoison(int n) {
        ObjectNode template = coins.template(n);
        template.put("timestamp", firstObservation.minusSeconds(n + 1).toString());
        template.put("fetched_at", firstObservation.toString());
        String kind;
        String value;
        String key = template.get("coin_id").asText();
        switch (n % 3) {
            case 0 -> {
                kind = "malformed_json";
                String json = template.toString();
                value = json.substring(0, json.length() / 2);
            }
            case 1 -> {
                kind = "wrong_type";
                template.put("current_price", "a lot");
                value = template.toString();
            }
            default -> {
                kind = "contract_violation";
                template.remove("coin_id");
                value = template.toString();
                key = null;
            }
        }
        String sent = value;
        String poisonKind = kind;
        producer.send(new ProducerRecord<>(FaultStack.MARKET_RAW, key, value), (metadata, error) -> {
            if (error == null) {
                poisons.add(new Poison(poisonKind, sent, metadata.partition(), metadata.offset()));
            } else {
                failures.add(error);
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
