package io.cryptopipe.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cryptopipe.contract.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store's promise under faults: whatever breaks while records stream in, MongoDB ends up holding every
 * produced observation exactly once, and the store gets there by itself. Each scenario runs the packaged
 * store-service as its own process against a fresh broker and MongoDB wire server on loopback.
 */
class StoreFaultTest {

    private static final Logger LOG = Logger.getLogger(StoreFaultTest.class.getName());
    private static final int RATE = Integer.getInteger("fault.stream.rate", 200);
    private static final Duration STREAM = Duration.ofSeconds(Integer.getInteger("fault.stream.seconds", 30));
    // The outage must outlast the time the store needs to see it: a readiness check (and a write attempt) waits up
    // to the server-selection timeout for a server. Shortened together, so that the outage still spans several
    // failed write attempts and readiness checks.
    private static final Duration MONGO_OUTAGE = Duration.ofSeconds(10);
    private static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POISON_STREAM = Duration.ofSeconds(5);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @TempDir
    Path kafkaData;

    @Test
    void mongoDbDownFor10SecondsMidStreamLosesAndDoublesNothingAndTheStoreRecoversWithoutRestart() throws Exception {
        try (FaultStack stack = FaultStack.start(kafkaData);
                StoreProcess store = new StoreProcess("mongo-outage", withServerSelectionTimeout(
                        stack.storeEnvironment(), SERVER_SELECTION_TIMEOUT)).start()) {
            store.awaitReady();
            long pid = store.pid();
            try (RecordStream stream = new RecordStream(stack.kafka.bootstrapServers(), RATE, STREAM, 0).start()) {
                Duration outageStart = STREAM.minus(MONGO_OUTAGE).dividedBy(2);
                awaitElapsed(stream, outageStart);
                awaitWriting(stack, "store writing before the outage");
                LOG.info(() -> "Stopping MongoDB at " + stream.elapsed());
                stack.mongo.stop();
                await("store not ready while MongoDB is down").atMost(MONGO_OUTAGE)
                        .pollInterval(Duration.ofMillis(250)).until(() -> store.readiness() == 503);
                awaitElapsed(stream, outageStart.plus(MONGO_OUTAGE));
                stack.mongo.start();
                LOG.info(() -> "MongoDB back at " + stream.elapsed());

                stream.awaitSent(STREAM.plus(CATCH_UP));
                assertEveryObservationStoredOnce(stack, stream);
            }
            await("store ready again").atMost(Duration.ofSeconds(30)).until(() -> store.readiness() == 200);
            assertThat(store.isAlive()).as("the store process survived the outage").isTrue();
            assertThat(store.pid()).isEqualTo(pid);
            assertThat(store.starts()).as("started once, never restarted").isEqualTo(1);
        }
    }

    @Test
    void storeKilledThreeTimesMidStreamLosesAndDoublesNothing() throws Exception {
        try (FaultStack stack = FaultStack.start(kafkaData);
                StoreProcess store = new StoreProcess("kill", stack.storeEnvironment()).start()) {
            store.awaitReady();
            try (RecordStream stream = new RecordStream(stack.kafka.bootstrapServers(), RATE, STREAM, 0).start()) {
                for (int kill = 1; kill <= 3; kill++) {
                    awaitElapsed(stream, STREAM.multipliedBy(kill).dividedBy(4));
                    // Killed while it is writing, not while it is still starting up.
                    awaitWriting(stack, "store writing before kill " + kill);
                    long pid = store.pid();
                    store.kill();
                    int killNumber = kill;
                    LOG.info(() -> "Killed store-service (pid " + pid + ", kill " + killNumber + ") at "
                            + stream.elapsed());
                    store.start();
                }
                stream.awaitSent(STREAM.plus(CATCH_UP));
                assertEveryObservationStoredOnce(stack, stream);
            }
            assertThat(store.starts()).isEqualTo(4);
        }
    }

    @Test
    void kafkaBrokerRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        try (FaultStack stack = FaultStack.start(kafkaData);
                StoreProcess store = new StoreProcess("kafka-restart", stack.storeEnvironment()).start()) {
            store.awaitReady();
            long pid = store.pid();
            try (RecordStream stream = new RecordStream(stack.kafka.bootstrapServers(), RATE, STREAM, 0).start()) {
                awaitElapsed(stream, STREAM.dividedBy(3));
                LOG.info(() -> "Restarting the Kafka broker at " + stream.elapsed());
                stack.kafka.stop();
                stack.kafka.start();
                LOG.info(() -> "Kafka broker back at " + stream.elapsed());

                stream.awaitSent(STREAM.plus(CATCH_UP));
                assertEveryObservationStoredOnce(stack, stream);
            }
            assertThat(store.isAlive()).isTrue();
            assertThat(store.pid()).as("the same store process recovered").isEqualTo(pid);
            await("store ready").atMost(Duration.ofSeconds(30)).until(() -> store.readiness() == 200);
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndEveryGoodRecordIsStored() throws Exception {
        // No fault in time here: a few seconds give 20 poison records, every kind several times over.
        Duration poisonStream = STREAM.compareTo(POISON_STREAM) < 0 ? STREAM : POISON_STREAM;
        try (FaultStack stack = FaultStack.start(kafkaData);
                StoreProcess store = new StoreProcess("poison", stack.storeEnvironment()).start()) {
            store.awaitReady();
            try (RecordStream stream = new RecordStream(stack.kafka.bootstrapServers(), RATE, poisonStream, 50)
                    .start()) {
                stream.awaitSent(poisonStream.plus(CATCH_UP));
                assertEveryObservationStoredOnce(stack, stream);
                List<RecordStream.Poison> poisons = stream.poisons();
                assertThat(poisons).extracting(RecordStream.Poison::kind)
                        .contains("malformed_json", "wrong_type", "contract_violation");

                Map<String, DeadLetter> letters = deadLetters(stack, poisons.size());
                assertThat(letters).hasSize(poisons.size());
                for (RecordStream.Poison poison : poisons) {
                    DeadLetter letter = letters.get(poison.partition() + "@" + poison.offset());
                    assertThat(letter).as("dead letter of %s", poison).isNotNull();
                    assertThat(letter.raw()).isEqualTo(poison.value());
                    assertThat(letter.reason()).startsWith(poison.kind() + ": ");
                    assertThat(letter.stage()).isEqualTo(DeadLetter.STAGE_STORE);
                    assertThat(letter.sourceTopic()).isEqualTo(FaultStack.MARKET_RAW);
                }
                Map<String, Long> expectedByReason = poisons.stream()
                        .collect(Collectors.groupingBy(RecordStream.Poison::kind, Collectors.counting()));
                String metrics = store.metrics();
                expectedByReason.forEach((reason, count) -> assertThat(deadLetteredMetric(metrics, reason))
                        .as("store_records_dead_lettered_total{reason=%s}", reason).isEqualTo(count));
            }
        }
    }

    private static void assertEveryObservationStoredOnce(FaultStack stack, RecordStream stream) {
        assertThat(stream.failures()).as("records the broker never acknowledged").isEmpty();
        Set<Identity> produced = stream.acknowledged();
        assertThat(produced).hasSize(stream.total());
        await("every produced observation stored").atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<Identity> missing = new HashSet<>(produced);
                    missing.removeAll(stack.storedCopies().keySet());
                    assertThat(missing.size()).as("observations missing, e.g. %s",
                            missing.stream().limit(3).toList()).isZero();
                });
        Map<Identity, Integer> copies = stack.storedCopies();
        Set<Identity> unexpected = new HashSet<>(copies.keySet());
        unexpected.removeAll(produced);
        assertThat(unexpected).as("stored but never produced").isEmpty();
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).toList()).as("doubled").isEmpty();
        assertThat(stack.raw().countDocuments()).isEqualTo(produced.size());
        LOG.info(() -> produced.size() + " observations produced, each stored exactly once");
    }

    /** Waits until the store adds documents, i.e. it is consuming and writing now. */
    private static void awaitWriting(FaultStack stack, String what) {
        long storedBefore = stack.raw().countDocuments();
        await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.raw().countDocuments() > storedBefore);
    }

    private static Map<String, String> withServerSelectionTimeout(Map<String, String> environment, Duration timeout) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_MONGODB_SERVER_SELECTION_TIMEOUT", timeout.toSeconds() + "s");
        return env;
    }

    private static void awaitElapsed(RecordStream stream, Duration at) {
        await().atMost(at.plus(Duration.ofSeconds(60))).pollInterval(Duration.ofMillis(50))
                .until(() -> stream.elapsed().compareTo(at) >= 0);
    }

    /** The dead letters on {@code market.raw.dlq}, by source partition and offset. */
    private static Map<String, DeadLetter> deadLetters(FaultStack stack, int expected) {
        Map<String, DeadLetter> letters = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(FaultStack.DEAD_LETTERS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await("dead letters").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    DeadLetter letter = MAPPER.readValue(record.value(), DeadLetter.class);
                    letters.put(letter.sourcePartition() + "@" + letter.sourceOffset(), letter);
                }
                return letters.size() >= expected;
            });
            // Anything more the store published would show up right behind the expected ones.
            List<ConsumerRecord<String, String>> more = new ArrayList<>();
            consumer.poll(Duration.ofSeconds(1)).forEach(more::add);
            assertThat(more).as("dead letters beyond the poison records").isEmpty();
        }
        return letters;
    }

    private static long deadLetteredMetric(String metrics, String reason) {
        Matcher m = Pattern.compile("^store_records_dead_lettered_total\\{[^}]*reason=\"" + reason
                + "\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
