package io.cryptopipe.store.messaging;

import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.cryptopipe.store.config.StoreConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the dead-letter topic when it is missing: the broker does not create topics on first use, and this
 * service writes to it (as ingest-service does, which may have created it first).
 */
@ApplicationScoped
public class DeadLetterTopic {

    private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final StoreConfig.DeadLetters settings;
    private final int partitions;
    private volatile boolean present;

    DeadLetterTopic(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing.market-raw-dlq.topic") String topic, StoreConfig config,
            SharedNames names) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.settings = config.deadLetters();
        // The partition count is shared with ingest-service, which may create the topic first. Its replication
        // factor is the broker's default, so the same setting works on a one-node stack and on a production cluster.
        this.partitions = names.topics().rawDeadLettersPartitions();
    }

    void createAtStartup(@Observes StartupEvent event) {
        try {
            ensurePresent();
        } catch (RuntimeException e) {
            // Not fatal: most batches have no dead letter; the first one that has tries again.
            LOG.warnf("Could not make sure topic %s exists at start-up (%s); will try again before the first "
                    + "dead letter", topic, e.getMessage());
        }
    }

    public String name() {
        return topic;
    }

    /**
     * @throws io.cryptopipe.runtime.kafka.TopicsUnavailableException when the topic could neither be found nor created
     */
    public synchronized void ensurePresent() {
        if (present) {
            return;
        }
        if (!KafkaTopics.ensureExist(kafkaConfig, List.of(new NewTopic(topic, Optional.of(partitions),
                Optional.empty())), settings.topicCreationTimeout()).isEmpty()) {
            LOG.infof("Created topic %s with %d partition(s)", topic, partitions);
        }
        present = true;
    }
}
