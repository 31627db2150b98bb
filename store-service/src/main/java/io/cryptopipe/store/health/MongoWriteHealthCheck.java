package io.cryptopipe.store.health;

import io.cryptopipe.store.write.WriteState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the store keeps retrying a write MongoDB does not take: records pile up on the topic meanwhile.
 * Only readiness: restarting the service would not bring MongoDB back, it would only re-read the same records.
 */
@Readiness
@ApplicationScoped
public class MongoWriteHealthCheck implements HealthCheck {

    static final String NAME = "MongoDB writes";

    private final WriteState writeState;

    MongoWriteHealthCheck(WriteState writeState) {
        this.writeState = writeState;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        writeState.lastWriteAt().ifPresent(at -> response.withData("last_write", at.toString()));
        return writeState.failing()
                .map(failing -> response.down()
                        .withData("failing_since", failing.since().toString())
                        .withData("failed_attempts", failing.attempts())
                        .withData("last_error", String.valueOf(failing.lastError()))
                        .build())
                .orElseGet(() -> response.up().build());
    }
}
