package io.cryptopipe.store.service;

import io.cryptopipe.contract.MarketRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Checks a decoded record against the shared contract again: the producer checked it too, but a topic can hold
 * records from older producers, other tools or hands.
 */
@ApplicationScoped
public class RecordValidator {

    public Optional<Refusal> check(MarketRecord record) {
        return record.violation().map(violation -> new Refusal(
                record.schemaVersion() != MarketRecord.SCHEMA_VERSION
                        ? Refusal.UNSUPPORTED_SCHEMA_VERSION
                        : Refusal.CONTRACT_VIOLATION,
                violation));
    }
}
