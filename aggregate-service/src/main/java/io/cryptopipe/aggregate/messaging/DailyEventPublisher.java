package io.cryptopipe.aggregate.messaging;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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

    DailyEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AggregateConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config.events();
    }

    /**
     * @throws EventDeliveryException when the broker cannot be reached or refuses to create the topic
     */
    public DailyEvents open() {
        ensureTopic();
        return new DailyEvents(new KafkaProducer<>(producerConfig()), config.topic());
    }

    private void ensureTopic() {
        long timeout = config.deliveryTimeout().toMillis();
        NewTopic topic = new NewTopic(config.topic(), Optional.of(config.partitions()), config.replicationFactor());
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
            LOG.infof("Created topic %s with %d partitions", config.topic(), config.partitions());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // The admin client's own deadline, reached before ours: the same unreachable broker.
                throw unreachable(e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EventDeliveryException("cannot create topic " + config.topic() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw new EventDeliveryException("cannot create topic " + config.topic() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventDeliveryException("interrupted while creating topic " + config.topic(), e);
        }
    }

    private EventDeliveryException unreachable(Throwable cause) {
        return new EventDeliveryException("cannot create topic " + config.topic() + ": the Kafka broker at "
                + kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " did not answer within "
                + config.deliveryTimeout(), cause);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> admin = subset(AdminClientConfig.configNames());
        int timeout = (int) config.deliveryTimeout().toMillis();
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        return admin;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> producer = subset(ProducerConfig.configNames());
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

    // Only the settings the client knows, so that it does not log a warning for every other kafka.* property.
    private Map<String, Object> subset(Set<String> names) {
        Map<String, Object> subset = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (names.contains(key)) {
                subset.put(key, value);
            }
        });
        return subset;
    }
}
