package io.cryptopipe.store.config;

import io.cryptopipe.contract.DeadLetter;
import io.cryptopipe.contract.MarketRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Jackson reads {@link MarketRecord} and writes {@link DeadLetter} through reflection; a native image keeps them
 * only when registered.
 */
@RegisterForReflection(targets = {MarketRecord.class, DeadLetter.class})
public class ReflectionConfig {
}
