package io.cryptopipe.aggregate.messaging;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Opens the producer of a run's {@code market.daily} events, creating the topic first when it is absent (the
 * broker does not create topics on first use).
 * <p>
 * A plain Kafka producer rather than a reactive-messaging channel: the job is a command that runs for seconds and
 * exits, needs to know that every event was acknowledged before it reports success, and must not connect to Kafka
 * at all for {@code check}. The producer is created only when a run aggregates, from the same {@code kafka.*}
 * settings a channel would use.
 */
@ApplicationScoped
public class DailyEventPublisher {

    private static final Logger LOG = Logger.getLogger(DailyEventPublisher.class);

    private final Map<String, Object> kafkaConfig;
    private final AggregateConfig.Events config;
    private final String topic;

    DailyEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AggregateConfig config,
            SharedNames names) {
        this.kafkaConfig = kafkaConfig;
        this.config = config.events();
        this.topic = names.topics().daily();
    }

    /**
     * @throws EventDeliveryException when the broker cannot be reached or refuses to create the topic
     */
    public DailyEvents open() {
        ensureTopic();
        return new DailyEvents(new KafkaProducer<>(producerConfig()), topic);
    }

    private void ensureTopic() {
        NewTopic created = new NewTopic(topic, Optional.of(config.partitions()), config.replicationFactor());
        try {
            if (!KafkaTopics.createAbsent(kafkaConfig, List.of(created), config.deliveryTimeout()).isEmpty()) {
                LOG.infof("Created topic %s with %d partitions", topic, config.partitions());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // The admin client's own deadline, reached before ours: the same unreachable broker.
                throw unreachable(e.getCause());
            }
            throw new EventDeliveryException("cannot create topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw new EventDeliveryException("cannot create topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventDeliveryException("interrupted while creating topic " + topic, e);
        }
    }

    private EventDeliveryException unreachable(Throwable cause) {
        return new EventDeliveryException("cannot create topic " + topic + ": the Kafka broker at "
                + kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " did not answer within "
                + config.deliveryTimeout(), cause);
    }

    private Map<String, Object> producerConfig() {
        // Only the settings a producer knows, so that it does not log a warning for every other kafka.* property.
        Map<String, Object> producer = KafkaTopics.only(kafkaConfig, ProducerConfig.configNames());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // An event is either on every in-sync replica, once, or the run fails: a retried send never duplicates.
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "aggregate-service");
        int timeout = (int) config.deliveryTimeout().toMillis();
        // Delivery (retries included) must fit one request plus linger; Kafka rejects a shorter delivery timeout.
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return producer;
    }
}
