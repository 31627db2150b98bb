package io.cryptopipe.ingest;

/**
 * Exit codes of ingest-service's commands (the service itself exits 0 when stopped). Every command and its tests
 * use these; each one but 0 comes with the line that says why. Named as aggregate-service names the same codes.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Stopped by a failure (CoinGecko, the broker, the budget): run the same command again to resume. */
    public static final int TECHNICAL_FAILURE = 1;
    /** The command line or the request it makes was refused: no retry fixes it. */
    public static final int USAGE_ERROR = 2;

    private ExitCodes() {
    }
}
