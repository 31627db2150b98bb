package io.cryptopipe.runtime.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creating topics, and the Kafka clients other than a channel's, from a service's Kafka settings (the
 * {@code default-kafka-broker} map: {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*} and whatever else the deployment sets under {@code kafka.*}).
 * <p>
 * Topics are created where they are first needed because production brokers usually have topic auto-creation off;
 * a topic that exists is left exactly as it is (its partitions and settings are an operator's decision).
 */
public final class KafkaTopics {

    // Bounded: with the broker down, an unbounded close waits out every pending request.
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private KafkaTopics() {
    }

    /**
     * The settings among {@code kafka} that a client with these setting names knows, e.g.
     * {@code AdminClientConfig.configNames()}: a client warns about every setting it does not know, and the
     * service's map holds consumer and producer settings too.
     */
    public static Map<String, Object> only(Map<String, ?> kafka, Set<String> names) {
        Map<String, Object> subset = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (names.contains(key)) {
                subset.put(key, value);
            }
        });
        return subset;
    }

    /** Admin client settings from a service's Kafka settings: connection, security and authentication included. */
    public static Map<String, Object> adminSettings(Map<String, ?> kafka) {
        return only(kafka, AdminClientConfig.configNames());
    }

    /** {@link #adminSettings(Map)} with each request and each admin call bounded by {@code timeout}. */
    public static Map<String, Object> adminSettings(Map<String, ?> kafka, Duration timeout) {
        Map<String, Object> admin = adminSettings(kafka);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return admin;
    }

    /**
     * Creates those of {@code topics} that do not exist, with an admin client of its own that it closes again.
     *
     * @return the names of the topics this call created; the others existed already
     * @throws ExecutionException   the broker refused a topic (the cause says why), or did not answer in time (cause
     *                              {@link org.apache.kafka.common.errors.TimeoutException})
     * @throws TimeoutException     no answer for every topic within {@code timeout}
     * @throws org.apache.kafka.common.KafkaException the settings do not make an admin client (e.g. no bootstrap
     *                              servers)
     */
    public static List<String> createAbsent(Map<String, ?> kafka, Collection<NewTopic> topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Admin admin = Admin.create(adminSettings(kafka, timeout));
        try {
            return createAbsent(admin, topics, timeout);
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Creates those of {@code topics} that do not exist, with the caller's admin client, waiting at most
     * {@code timeout} in all.
     *
     * @return the names of the topics this call created; the others existed already
     * @throws ExecutionException the broker refused a topic or its own deadline passed (see the cause)
     * @throws TimeoutException   no answer for every topic within {@code timeout}
     */
    public static List<String> createAbsent(Admin admin, Collection<NewTopic> topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> topic : admin.createTopics(topics).values().entrySet()) {
            try {
                topic.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                created.add(topic.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /**
     * {@link #createAbsent(Map, Collection, Duration)} for callers that only need the topics to be there: every way it
     * can fail becomes one {@link TopicsUnavailableException} whose message names the topics and the reason.
     *
     * @return the names of the topics this call created; the others existed already
     * @throws TopicsUnavailableException when a topic could be neither found nor created
     * @throws org.apache.kafka.common.KafkaException the settings do not make an admin client
     */
    public static List<String> ensureExist(Map<String, ?> kafka, Collection<NewTopic> topics, Duration timeout) {
        Admin admin = Admin.create(adminSettings(kafka, timeout));
        try {
            return ensureExist(admin, topics, timeout);
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * {@link #createAbsent(Admin, Collection, Duration)}, every failure translated as by
     * {@link #ensureExist(Map, Collection, Duration)}.
     *
     * @throws TopicsUnavailableException when a topic could be neither found nor created
     */
    public static List<String> ensureExist(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        String names = String.join(", ", topics.stream().map(NewTopic::name).toList());
        try {
            return createAbsent(admin, topics, timeout);
        } catch (ExecutionException e) {
            throw new TopicsUnavailableException("cannot create topic " + names + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicsUnavailableException("Kafka did not create topic " + names + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsUnavailableException("interrupted while creating topic " + names, e);
        }
    }
}
