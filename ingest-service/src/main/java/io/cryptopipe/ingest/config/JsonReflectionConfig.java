package io.cryptopipe.ingest.config;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Jackson writes the contract records to Kafka by reflection, which a native image must be told about. */
@RegisterForReflection(targets = {MarketRecord.class, DeadLetter.class})
public final class JsonReflectionConfig {

    private JsonReflectionConfig() {
    }
}
