package io.cryptopipe.store.write;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The service began to stop: what waits for MongoDB or Kafka on behalf of a batch stops waiting, so that the batch
 * stays unacknowledged instead of ending against connectors and clients that are closing.
 */
@ApplicationScoped
public class StopSignal {

    private final CountDownLatch stopping = new CountDownLatch(1);

    // Priority 1: before the connectors and the MongoDB client close, and before anything waits for a batch to end.
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        raise();
    }

    /** Signals the stop; what waits in {@link #pause} returns at once. */
    public void raise() {
        stopping.countDown();
    }

    public boolean raised() {
        return stopping.getCount() == 0;
    }

    /**
     * Waits {@code delay}, or less when the stop comes first.
     *
     * @throws StoppingException when the service stops before or while waiting
     */
    public void pause(Duration delay, String whatIsLeft) {
        try {
            if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoppingException("stopping with " + whatIsLeft);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppingException("interrupted with " + whatIsLeft);
        }
    }
}
