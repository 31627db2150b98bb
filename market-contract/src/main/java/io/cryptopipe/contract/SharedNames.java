package io.cryptopipe.contract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The topic and collection names every service reads from one set of keys, so that a deployment that renames one
 * (e.g. {@code MARKET_COLLECTIONS_DAILY}) moves the writer and every reader together. Defaults are the names of
 * {@link Topics} and {@link Collections}. The services' channel settings refer to these keys
 * ({@code mp.messaging.*.topic=${market.topics.raw}}).
 */
@ConfigMapping(prefix = "market")
public interface SharedNames {

    TopicNames topics();

    CollectionNames collections();

    interface TopicNames {

        /** Valid market records. */
        @WithDefault(Topics.RAW)
        String raw();

        /** Refused market records with their reasons. */
        @WithDefault(Topics.RAW_DEAD_LETTERS)
        String rawDeadLetters();

        /** Daily events. */
        @WithDefault(Topics.DAILY)
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
