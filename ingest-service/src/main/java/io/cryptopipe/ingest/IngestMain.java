package io.cryptopipe.ingest;

import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.service.Backfill;
import io.cryptopipe.ingest.service.BackfillRequest;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Without arguments the service: it polls until stopped. With {@code backfill ...} a one-shot command that
 * publishes past observations and exits with 0 (done), 1 (stopped by a failure; run again to resume) or 2 (the
 * request cannot be served as given).
 */
@QuarkusMain
public class IngestMain implements QuarkusApplication {

    static final String BACKFILL = "backfill";

    private static final Logger LOG = Logger.getLogger(IngestMain.class);

    @Inject
    Backfill backfill;

    @Inject
    CoinGeckoClient coinGecko;

    @Inject
    IngestConfig config;

    public static void main(String... args) {
        if (args.length > 0 && BACKFILL.equals(args[0])) {
            // Set before Quarkus reads its configuration: the command must not start polling next to itself.
            System.setProperty("ingest.poll.enabled", "false");
        }
        Quarkus.run(IngestMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0 || !BACKFILL.equals(args[0])) {
            Quarkus.waitForExit();
            return 0;
        }
        BackfillRequest request;
        try {
            Instant now = Instant.now();
            request = BackfillRequest.parse(Arrays.asList(args).subList(1, args.length),
                    LocalDate.ofInstant(now, ZoneOffset.UTC), coinGecko.plan())
                    .requireWithinRetention(now, config.backfill().storeRetention());
        } catch (BackfillRequest.Invalid e) {
            LOG.errorf("Backfill refused: %s", e.getMessage());
            return Backfill.USAGE;
        }
        return backfill.run(request);
    }
}
