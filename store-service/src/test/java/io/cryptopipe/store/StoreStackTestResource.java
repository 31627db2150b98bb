package io.cryptopipe.store;

import io.cryptopipe.contract.Topics;
import io.cryptopipe.runtime.kafka.KafkaTopics;
import io.cryptopipe.testsupport.LocalStackTestResource;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The local stack, plus {@code market.raw} with its 3 partitions: ingest-service creates that topic in a
 * deployment, and here it must exist before the service subscribes.
 */
public class StoreStackTestResource extends LocalStackTestResource {

    public static final String MARKET_RAW = Topics.RAW;
    public static final int MARKET_RAW_PARTITIONS = 3;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            KafkaTopics.createAbsent(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers()),
                    List.of(new NewTopic(MARKET_RAW, MARKET_RAW_PARTITIONS, (short) 1)), Duration.ofSeconds(30));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + MARKET_RAW, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return config;
    }
}
