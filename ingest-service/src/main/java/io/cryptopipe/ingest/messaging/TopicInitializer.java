package io.cryptopipe.ingest.messaging;

import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.cryptopipe.runtime.kafka.TopicsUnavailableException;
import io.cryptopipe.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates {@code market.raw} and {@code market.raw.dlq} when they are absent: brokers with topic auto-creation
 * off (as production clusters usually are) would otherwise refuse the first send. Tried at start-up and, until
 * it has worked once, again before each poll, so a broker that comes up after the service is not fatal.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> kafkaConfig;
    private final List<NewTopic> topics;
    private volatile boolean created;

    TopicInitializer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, IngestConfig config,
            SharedNames names,
            @ConfigProperty(name = "mp.messaging.outgoing.market-raw.topic") String rawTopic,
            @ConfigProperty(name = "mp.messaging.outgoing.market-raw-dlq.topic") String deadLetterTopic) {
        this.kafkaConfig = kafkaConfig;
        Optional<Short> replication = config.topics().replicationFactor();
        this.topics = List.of(
                new NewTopic(rawTopic, Optional.of(config.topics().rawPartitions()), replication),
                new NewTopic(deadLetterTopic, Optional.of(names.topics().rawDeadLettersPartitions()), replication));
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureCreated();
        } catch (BrokerUnavailableException e) {
            LOG.warnf("%s; trying again before the first poll", e.getMessage());
        }
    }

    /** @throws BrokerUnavailableException when the broker cannot be reached or refuses to create a topic */
    public synchronized void ensureCreated() {
        if (created) {
            return;
        }
        Admin admin = Admin.create(KafkaTopics.adminSettings(kafkaConfig, TIMEOUT));
        try {
            List<String> createdNow = KafkaTopics.ensureExist(admin, topics, TIMEOUT);
            createdNow.forEach(topic -> LOG.infof("Created topic %s", topic));
            warnAboutPartitionCounts(admin, topics.stream().filter(topic -> !createdNow.contains(topic.name()))
                    .toList());
            created = true;
        } catch (TopicsUnavailableException e) {
            throw new BrokerUnavailableException("Cannot create Kafka topics: " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailableException("Cannot describe Kafka topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while describing Kafka topics", e);
        } finally {
            // Bounded: with the broker down, an unbounded close would wait out every pending request.
            admin.close(CLOSE_TIMEOUT);
        }
    }

    // An existing topic is never altered (that is an operator's decision), but a partition count other than the
    // configured one changes consumer parallelism and key placement, which deserves a line in the log. Only topics
    // that existed before are described: one just created has the configured count, and brokers may not list it
    // for a moment after its creation succeeded, which would fail the start-up for nothing.
    private void warnAboutPartitionCounts(Admin admin, List<NewTopic> existed)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (existed.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> existing = admin
                .describeTopics(existed.stream().map(NewTopic::name).toList())
                .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (NewTopic wanted : existed) {
            int partitions = existing.get(wanted.name()).partitions().size();
            if (partitions != wanted.numPartitions()) {
                LOG.warnf("Topic %s has %d partitions where %d are configured; leaving it as it is",
                        wanted.name(), partitions, wanted.numPartitions());
            }
        }
    }
}
