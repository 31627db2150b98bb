package io.cryptopipe.ingest;

import com.mongodb.MongoException;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.messaging.MarketRecordPublisher;
import io.cryptopipe.ingest.messaging.StoreCatchUp;
import io.cryptopipe.ingest.model.Hole;
import io.cryptopipe.ingest.repository.DayReportHoles;
import io.cryptopipe.ingest.service.Backfill;
import io.cryptopipe.ingest.service.BackfillAdmission;
import io.cryptopipe.ingest.service.BackfillRequest;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ingest-service repair-day --date <day>}: fills the holes the day's quality report lists (each coin over its
 * holes, source {@code repair}, through the backfill's path), then waits until store-service has stored them, so that
 * the day's aggregation run next (by the DAG) sees the repaired points.
 */
@Command(name = "repair-day", sortOptions = false,
        description = "Publishes CoinGecko's history over the holes the day's quality report (market_data_quality)"
                + " lists, with source \"repair\", waits until store-service's consumer group has read them, then"
                + " exits. A day without holes is done at once.",
        exitCodeOnInvalidInput = ExitCodes.USAGE_ERROR, exitCodeOnExecutionException = ExitCodes.TECHNICAL_FAILURE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Done, or nothing to repair.",
                "1:Stopped by a failure (MongoDB, CoinGecko, the broker, the budget, no report of the day, the store"
                        + " not caught up in time); run the same command again.",
                "2:The command line or the request was refused."})
public class RepairDayCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(RepairDayCommand.class);

    @Option(names = "--date", paramLabel = "<YYYY-MM-DD>", required = true,
            description = "The UTC day whose quality report lists the holes (before today).")
    LocalDate date;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    boolean help;

    private final DayReportHoles reports;
    private final Backfill backfill;
    private final MarketRecordPublisher publisher;
    private final StoreCatchUp store;
    private final BackfillAdmission admission;
    private final IngestConfig config;

    public RepairDayCommand(DayReportHoles reports, Backfill backfill, MarketRecordPublisher publisher,
            StoreCatchUp store, BackfillAdmission admission, IngestConfig config) {
        this.reports = reports;
        this.backfill = backfill;
        this.publisher = publisher;
        this.store = store;
        this.admission = admission;
        this.config = config;
    }

    @Override
    public Integer call() {
        Optional<List<Hole>> holes;
        try {
            holes = reports.holes(date);
        } catch (MongoException | IllegalStateException e) {
            LOG.errorf("Repair of %s stopped: cannot read its quality report: %s", date, e.getMessage());
            return ExitCodes.TECHNICAL_FAILURE;
        }
        if (holes.isEmpty()) {
            LOG.errorf("Repair of %s stopped: there is no quality report of the day; aggregate the day first", date);
            return ExitCodes.TECHNICAL_FAILURE;
        }
        if (holes.get().isEmpty()) {
            LOG.infof("Repair of %s: the quality report lists no hole, nothing to repair", date);
            return ExitCodes.OK;
        }
        Optional<BackfillRequest> admitted = admission.admit("Repair",
                (today, plan) -> BackfillRequest.ofHoles(date, holes.get(), today, plan));
        if (admitted.isEmpty()) {
            return ExitCodes.USAGE_ERROR;
        }
        BackfillRequest request = admitted.get();
        LOG.infof("Repair of %s: %d holes of %d coins", date, holes.get().size(), request.coins().size());
        int filled = backfill.run(request);
        if (filled != ExitCodes.OK) {
            return filled;
        }
        Map<TopicPartition, Long> behind = store.await(publisher.producedEndOffsets());
        if (!behind.isEmpty()) {
            LOG.errorf("Repair of %s published, but consumer group %s has not read it within %s (records behind: %s);"
                    + " is store-service running? Run the same command again", date, store.group(),
                    config.repairDay().storeDeadline(), describe(behind));
            return ExitCodes.TECHNICAL_FAILURE;
        }
        LOG.infof("Repair of %s done: consumer group %s has read everything published", date, store.group());
        return ExitCodes.OK;
    }

    private static String describe(Map<TopicPartition, Long> behind) {
        return behind.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
