package io.cryptopipe.aggregate.archive;

import java.time.LocalDate;

/**
 * Where a day lives in the archive, below its root:
 * <pre>
 * market_data_raw/date=2026-08-10/data.parquet              the current version: what queries read
 * market_data_raw/date=2026-08-10/_manifest.json            its manifest
 * history/market_data_raw/date=2026-08-10/v1/data.parquet   an earlier version, kept when the day was re-archived
 * history/market_data_raw/date=2026-08-10/v1/_manifest.json
 * </pre>
 * {@code date=} folders are Hive-style partitions, which DuckDB, Athena and Spark turn into a {@code date} column.
 * Only the current version sits below {@code market_data_raw/}, so a query over {@code market_data_raw/}*{@code /*.parquet}
 * never counts a day twice; names starting with {@code _} are skipped by Athena, Spark and Hive.
 */
final class ArchiveLayout {

    static final String DATA_FILE = "data.parquet";
    static final String MANIFEST_FILE = "_manifest.json";

    private final String collection;

    ArchiveLayout(String collection) {
        this.collection = collection;
    }

    String data(LocalDate day) {
        return dayFolder(day) + DATA_FILE;
    }

    String manifest(LocalDate day) {
        return dayFolder(day) + MANIFEST_FILE;
    }

    String historyData(LocalDate day, int version) {
        return historyFolder(day, version) + DATA_FILE;
    }

    String historyManifest(LocalDate day, int version) {
        return historyFolder(day, version) + MANIFEST_FILE;
    }

    private String dayFolder(LocalDate day) {
        return collection + "/date=" + day + "/";
    }

    private String historyFolder(LocalDate day, int version) {
        return "history/" + dayFolder(day) + "v" + version + "/";
    }
}
