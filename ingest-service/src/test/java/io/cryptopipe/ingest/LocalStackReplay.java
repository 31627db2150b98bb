package io.cryptopipe.ingest;

/**
 * The local stack as the poller's local-stack tests run it, shared by every test that only needs a running service
 * against the local stack: test classes whose resources match run in one application instead of each starting its own.
 */
public final class LocalStackReplay {

    /** Recorded seconds per wall-clock second: a recorded 30-minute poll lasts 3 s. */
    public static final String SPEED = "600";

    private LocalStackReplay() {
    }
}
