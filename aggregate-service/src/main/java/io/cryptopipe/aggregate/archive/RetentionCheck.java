package io.cryptopipe.aggregate.archive;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guard that makes retention safe: the raw collection's TTL deletes a day from {@code day + TTL} on, whether it
 * was archived or not, so every day that starts to expire within {@code aggregate.archive.expiry-margin} must have an
 * archive holding at least as many rows as the database still has of it. The daily archive keeps that true by a wide
 * margin (it archives yesterday, a year before it expires); this check turns a day that fell through (a failed run
 * nobody repeated, late data archived nowhere) into a failure while there is still time to archive it.
 */
@ApplicationScoped
public class RetentionCheck {

    private static final Logger LOG = Logger.getLogger(RetentionCheck.class);

    private final RawDays rawDays;
    private final ArchiveConfig config;
    private final Clock clock;

    public RetentionCheck(RawDays rawDays, ArchiveConfig config, Clock clock) {
        this.rawDays = rawDays;
        this.config = config;
        this.clock = clock;
    }

    /** One line naming the days at risk, or empty when there are none. */
    public Optional<String> unarchivedDaysAboutToExpire(ArchiveStore store) throws IOException {
        Optional<Duration> retention = rawDays.retention();
        if (retention.isEmpty()) {
            LOG.debugf("%s has no TTL: nothing expires", rawDays.rawCollectionName());
            return Optional.empty();
        }
        Instant now = clock.instant();
        Duration ttl = retention.get();
        // Days whose first observations expire before now + margin and whose last ones have not expired yet.
        LocalDate first = now.minus(ttl).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = now.plus(config.expiryMargin()).minus(ttl).atZone(ZoneOffset.UTC).toLocalDate();
        ArchiveLayout layout = new ArchiveLayout(rawDays.rawCollectionName());
        List<String> atRisk = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            long rows = rawDays.count(day);
            if (rows == 0) {
                continue;
            }
            Optional<DayManifest> manifest = DayArchiver.manifest(store, layout, day);
            if (manifest.isEmpty()) {
                atRisk.add(day + " (" + rows + " rows, no archive)");
            } else if (manifest.get().rows() < rows) {
                atRisk.add(day + " (" + rows + " rows, archive has " + manifest.get().rows() + ")");
            }
        }
        if (atRisk.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("retention: " + atRisk.size() + " day(s) start to expire within "
                + config.expiryMargin().toDays() + " days (TTL " + ttl.toDays() + " days) without an archive of all "
                + "their rows: " + String.join(", ", atRisk) + "; run archive for them");
    }
}
