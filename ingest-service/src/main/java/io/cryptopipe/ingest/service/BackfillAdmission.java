package io.cryptopipe.ingest.service;

import io.cryptopipe.ingest.client.CoinGeckoClient;
import io.cryptopipe.ingest.config.IngestConfig;
import io.cryptopipe.ingest.config.Plan;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Whether a command's backfill request can be served: built for today (UTC) and the key's plan, then checked against
 * the store's retention. A refusal is one line, the same for {@code backfill} and {@code repair-day}.
 */
@Singleton
public class BackfillAdmission {

    private static final Logger LOG = Logger.getLogger(BackfillAdmission.class);

    private final CoinGeckoClient coinGecko;
    private final Duration storeRetention;
    private final Clock clock;

    BackfillAdmission(CoinGeckoClient coinGecko, IngestConfig config, Clock clock) {
        this.coinGecko = coinGecko;
        this.storeRetention = config.backfill().storeRetention();
        this.clock = clock;
    }

    /**
     * @param what  what is refused, e.g. "Backfill"
     * @param build the request for today and the plan; throws {@link BackfillRequest.Invalid} when the calendar or
     *              the plan cannot serve it
     * @return the request, or empty when it was refused (logged)
     */
    public Optional<BackfillRequest> admit(String what, BiFunction<LocalDate, Plan, BackfillRequest> build) {
        try {
            Instant now = clock.instant();
            return Optional.of(build.apply(LocalDate.ofInstant(now, ZoneOffset.UTC), coinGecko.plan())
                    .requireWithinRetention(now, storeRetention));
        } catch (BackfillRequest.Invalid e) {
            LOG.errorf("%s refused: %s", what, e.getMessage());
            return Optional.empty();
        }
    }
}
