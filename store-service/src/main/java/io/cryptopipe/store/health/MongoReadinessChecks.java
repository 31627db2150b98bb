package io.cryptopipe.store.health;

import io.cryptopipe.store.repository.RawIndexes;
import io.cryptopipe.store.write.WriteState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The store's readiness on MongoDB, one check per thing that keeps it from taking writes. Only readiness: restarting
 * the service would not bring MongoDB back or build an index faster, it would only re-read the same records.
 */
@ApplicationScoped
public class MongoReadinessChecks {

    static final String INDEXES = "MongoDB indexes";
    static final String WRITES = "MongoDB writes";

    /**
     * Not ready until the raw collection's indexes are there: the store takes no write before (a first build over a
     * large collection can take a while), and the query API would scan without them.
     */
    @Produces
    @Readiness
    HealthCheck indexes(RawIndexes indexes) {
        return () -> indexes.ready()
                ? HealthCheckResponse.up(INDEXES)
                : HealthCheckResponse.named(INDEXES).down().withData("reason", indexes.notReadyBecause()).build();
    }

    /** Not ready while the store keeps retrying a write MongoDB does not take: records pile up on the topic. */
    @Produces
    @Readiness
    HealthCheck writes(WriteState writeState) {
        return () -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named(WRITES);
            writeState.lastWriteAt().ifPresent(at -> response.withData("last_write", at.toString()));
            return writeState.failing()
                    .map(failing -> response.down()
                            .withData("failing_since", failing.since().toString())
                            .withData("failed_attempts", failing.attempts())
                            .withData("last_error", String.valueOf(failing.lastError()))
                            .build())
                    .orElseGet(() -> response.up().build());
        };
    }
}
