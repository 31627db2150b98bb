package io.cryptopipe.contract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The topic and collection names every service reads from one set of keys, so that a deployment that renames one
 * (e.g. {@code MARKET_COLLECTIONS_DAILY}) moves the writer and every reader together. The collections' defaults are
 * the names of {@link Collections}. The topics' defaults are in this module's
 * {@code META-INF/microprofile-config.properties}, because the services' channel settings refer to them
 * ({@code mp.messaging.*.topic=${market.topics.raw}}) and an expression sees only configuration sources; they are the
 * names of {@link Topics} (a test keeps the two equal).
 */
@ConfigMapping(prefix = "market")
public interface SharedNames {

    TopicNames topics();

    CollectionNames collections();

    interface TopicNames {

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

    interface CollectionNames {

        /** Raw observations. */
        @WithDefault(Collections.RAW)
        String raw();

        /** Daily statistics. */
        @WithDefault(Collections.DAILY)
        String daily();

        /** Daily data-quality reports. */
        @WithDefault(Collections.QUALITY)
        String quality();
    }
}
