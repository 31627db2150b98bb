package io.cryptopipe.runtime;

import io.cryptopipe.contract.CollectionNames;
import io.cryptopipe.contract.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The topic and collection names every service reads from one set of keys, so that a deployment that renames one
 * (e.g. {@code MARKET_COLLECTIONS_DAILY}) moves the writer and every reader together. The collections' defaults are
 * the names of {@link CollectionNames}. The topics' defaults are in this module's
 * {@code META-INF/microprofile-config.properties}, because the services' channel settings refer to them
 * ({@code mp.messaging.*.topic=${market.topics.raw}}) and an expression sees only configuration sources; they are the
 * names of {@link Topics} (a test keeps the two equal).
 */
@ConfigMapping(prefix = "market")
public interface SharedNames {

    TopicSettings topics();

    CollectionSettings collections();

    ConsumerGroupSettings consumerGroups();

    interface TopicSettings {

        /** Valid market records. */
        String raw();

        /** Refused market records with their reasons. */
        String rawDeadLetters();

        /**
         * Partitions of the dead-letter topic. ingest-service and store-service both publish to it and either may be
         * the first to create it, so both read this one setting.
         */
        int rawDeadLettersPartitions();

        /** Daily events. */
        String daily();
    }

    interface CollectionSettings {

        /** Raw observations. */
        @WithDefault(CollectionNames.RAW)
        String raw();

        /** Daily statistics. */
        @WithDefault(CollectionNames.DAILY)
        String daily();

        /** Daily data-quality reports. */
        @WithDefault(CollectionNames.QUALITY)
        String quality();
    }

    interface ConsumerGroupSettings {

        /**
         * The consumer group store-service reads {@code market.raw} in: ingest's {@code repair-day} waits until this
         * group has committed past what it published, so the aggregation that follows sees the repaired points.
         * Default in this module's {@code META-INF/microprofile-config.properties}, which store-service's channel
         * setting refers to.
         */
        String store();
    }
}
