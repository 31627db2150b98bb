package io.cryptopipe.aggregate.command;

/**
 * The job's exit codes, a contract with the scheduler (the Airflow DAG retries 1, fails at once on 2 and 3, repairs on 4).
 * Each one but 0 comes with exactly one line on stderr.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Database or Kafka unreachable, a timeout, a bug: worth a retry. */
    public static final int TECHNICAL_FAILURE = 1;
    /** The command line was refused: no retry fixes it. */
    public static final int USAGE_ERROR = 2;
    /** {@code check} only: the job worked, the data is bad. */
    public static final int QUALITY_GATE_FAILED = 3;
    /**
     * The job aggregated every day, and a day failed the quality gate only on holes a repair can still fill (its
     * report's {@code holes}): the DAG repairs the day and aggregates it again.
     */
    public static final int GATE_FAILED_REPAIRABLE = 4;

    private ExitCodes() {
    }
}
