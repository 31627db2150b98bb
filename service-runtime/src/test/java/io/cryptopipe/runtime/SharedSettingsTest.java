package io.cryptopipe.runtime;

import io.cryptopipe.contract.Topics;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared settings name the topics as the contract's constants do, which tests and benchmarks use. */
class SharedSettingsTest {

    @Test
    void theSharedPropertiesNameTheTopicsAsTheConstantsDo() throws Exception {
        Properties shared = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }

        assertThat(shared).containsEntry("market.topics.raw", Topics.RAW)
                .containsEntry("market.topics.raw-dead-letters", Topics.RAW_DEAD_LETTERS)
                .containsEntry("market.topics.daily", Topics.DAILY)
                // one partition count for the dead-letter topic, whichever of ingest and store creates it first
                .containsEntry("market.topics.raw-dead-letters-partitions", "1");
    }
}
