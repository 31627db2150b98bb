package io.cryptopipe.store.health;

import io.cryptopipe.store.repository.RawIndexes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the raw collection's indexes are there: the store takes no write before (a first build over a
 * large collection can take a while), and the query API would scan without them.
 */
@Readiness
@ApplicationScoped
public class MongoIndexesHealthCheck implements HealthCheck {

    static final String NAME = "MongoDB indexes";

    private final RawIndexes indexes;

    MongoIndexesHealthCheck(RawIndexes indexes) {
        this.indexes = indexes;
    }

    @Override
    public HealthCheckResponse call() {
        return indexes.ready()
                ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("reason", indexes.notReadyBecause()).build();
    }
}
