package io.cryptopipe.ingest;

import io.cryptopipe.ingest.config.Plan;
import io.cryptopipe.ingest.service.Backfill;
import io.cryptopipe.ingest.service.BackfillAdmission;
import io.cryptopipe.ingest.service.BackfillRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ingest-service backfill (--coins <id,...> | --top <N>) --from <day> --to <day>}: publishes past observations
 * (see {@link Backfill}) and exits. Picocli reports a malformed command line with its usage; a well-formed request
 * the calendar, the plan or the store's retention cannot serve is refused with one line.
 */
@Command(name = "backfill", sortOptions = false,
        description = "Publishes past observations of named coins, or of the top N by market cap, for an inclusive"
                + " range of UTC days to market.raw (source \"backfill\"), then exits. Running the same command again"
                + " resumes a stopped run without repeating finished chunks.",
        exitCodeOnInvalidInput = ExitCodes.USAGE_ERROR, exitCodeOnExecutionException = ExitCodes.TECHNICAL_FAILURE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Done.",
                "1:Stopped by a failure (CoinGecko, the broker, the call budget); run the same command again.",
                "2:The command line or the request was refused."})
public class BackfillCommand implements Callable<Integer> {

    /** Exactly one of the two. */
    static class Coins {
        @Option(names = "--coins", split = ",", paramLabel = "<id>", required = true,
                description = "CoinGecko ids, comma-separated, e.g. bitcoin,ethereum.")
        List<String> ids;

        @Option(names = "--top", paramLabel = "<N>", required = true,
                description = "The top N coins by market cap, resolved when the run starts (at least 1).")
        Integer top;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Coins coins;

    @Option(names = "--from", paramLabel = "<YYYY-MM-DD>", required = true, description = "First UTC day.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "<YYYY-MM-DD>", required = true,
            description = "Last UTC day (inclusive, before today).")
    LocalDate to;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    boolean help;

    private final Backfill backfill;
    private final BackfillAdmission admission;

    public BackfillCommand(Backfill backfill, BackfillAdmission admission) {
        this.backfill = backfill;
        this.admission = admission;
    }

    @Override
    public Integer call() {
        return admission.admit("Backfill", this::request).map(backfill::run).orElse(ExitCodes.USAGE_ERROR);
    }

    /**
     * @throws ParameterException when an option's value is unusable (reported with the usage)
     * @throws BackfillRequest.Invalid when the plan or the calendar cannot serve the range (one line)
     */
    BackfillRequest request(LocalDate today, Plan plan) {
        if (coins.top != null && coins.top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, was " + coins.top);
        }
        List<String> ids = coins.ids == null ? List.of() : coins.ids;
        if (coins.top == null && ids.stream().allMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--coins names no coin");
        }
        return BackfillRequest.of(ids, coins.top == null ? 0 : coins.top, from, to, today, plan);
    }
}
