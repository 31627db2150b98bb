package io.cryptopipe.store.messaging;

import io.cryptopipe.runtime.SharedNames;
import io.cryptopipe.store.config.StoreConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real dead-letter topic, except that after {@link #failNext(int) failNext(n)} the next n checks fail as an
 * unreachable broker would. It replaces the real one in every test of this module, and behaves exactly like it until
 * a test arms it. A singleton, not application-scoped: the real class has no constructor a client proxy could use.
 */
@Alternative
@Priority(1)
@Singleton
public class FlakyDeadLetterTopic extends DeadLetterTopic {

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();

    FlakyDeadLetterTopic(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing.market-raw-dlq.topic") String topic, StoreConfig config,
            SharedNames names) {
        super(kafkaConfig, topic, config, names);
    }

    public void failNext(int failures) {
        failuresLeft.set(failures);
        checks.set(0);
    }

    /** Checks since {@link #failNext(int)}, the failed ones included. */
    public int checks() {
        return checks.get();
    }

    @Override
    public synchronized void ensurePresent() {
        checks.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("Kafka did not create topic market.raw.dlq (test)");
        }
        super.ensurePresent();
    }
}
