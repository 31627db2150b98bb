package io.cryptopipe.aggregate.archive;

import java.time.LocalDate;

/** What {@code archive} did with one day, and the one line it reports for it. */
public record ArchiveOutcome(LocalDate day, Kind kind, DayManifest manifest, String line) {

    public enum Kind { ARCHIVED, UNCHANGED, NO_DATA, FEWER_ROWS_KEPT }

    static ArchiveOutcome archived(LocalDate day, DayManifest manifest, String where) {
        return new ArchiveOutcome(day, Kind.ARCHIVED, manifest, day + ": archived " + manifest.rows() + " rows of "
                + manifest.coins().size() + " coins as version " + manifest.version() + " (" + manifest.fileBytes()
                + " bytes) to " + where);
    }

    static ArchiveOutcome unchanged(LocalDate day, DayManifest manifest, String where) {
        return new ArchiveOutcome(day, Kind.UNCHANGED, manifest, day + ": unchanged since version "
                + manifest.version() + " (" + manifest.rows() + " rows), nothing written; " + where);
    }

    static ArchiveOutcome noData(LocalDate day) {
        return new ArchiveOutcome(day, Kind.NO_DATA, null, day + ": no raw data for this UTC day, nothing archived");
    }

    static ArchiveOutcome noDataArchiveKept(LocalDate day, DayManifest manifest, String where) {
        return new ArchiveOutcome(day, Kind.NO_DATA, manifest, day + ": no raw data left in the database; archive version "
                + manifest.version() + " (" + manifest.rows() + " rows) kept at " + where);
    }

    static ArchiveOutcome fewerRows(LocalDate day, DayManifest manifest, long rows, String where) {
        return new ArchiveOutcome(day, Kind.FEWER_ROWS_KEPT, manifest, day + ": the database holds " + rows
                + " rows, fewer than the " + manifest.rows() + " archived (expired or deleted since): archive version "
                + manifest.version() + " kept, nothing written; " + where);
    }
}
