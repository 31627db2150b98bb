package io.cryptopipe.aggregate.archive;

import org.bson.Document;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads archived Parquet files with DuckDB (its own C++ Parquet reader, nothing of the writer's), and compares
 * them with the raw documents they were written from.
 */
final class ArchivedFiles {

    private ArchivedFiles() {
    }

    /** Column name → DuckDB's type of it. */
    static Map<String, String> columnTypes(Path file) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM " + source(file))) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        }
        return types;
    }

    /** The file's rows as documents (field → value, Java types as the driver gives them), in file order. */
    static List<Map<String, Object>> rows(Path file) throws SQLException {
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            // Instants read as UTC: DuckDB would otherwise render TIMESTAMPTZ in the machine's zone.
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rows = statement.executeQuery("SELECT * FROM " + source(file))) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns; column++) {
                        row.put(rows.getMetaData().getColumnName(column), rows.getObject(column));
                    }
                    result.add(row);
                }
            }
        }
        return result;
    }

    // The file's own columns: DuckDB would add the date=… folder as a partition column.
    private static String source(Path file) {
        return "read_parquet('" + file + "', hive_partitioning = false)";
    }

    /** Every row equals its document, field by field, nulls included; same order ((coin_id, timestamp)). */
    static void assertRowsEqual(List<Map<String, Object>> rows, List<Document> documents) {
        assertThat(rows).hasSize(documents.size());
        for (int index = 0; index < rows.size(); index++) {
            Map<String, Object> row = rows.get(index);
            Document document = documents.get(index);
            assertThat(row.keySet()).containsExactlyElementsOf(document.keySet());
            for (String field : document.keySet()) {
                assertThat(asDocumentValue(field, row.get(field)))
                        .as("row %d (%s) field %s", index, document.get("_id"), field)
                        .isEqualTo(document.get(field));
            }
        }
    }

    private static Object asDocumentValue(String field, Object value) {
        if (value instanceof OffsetDateTime time) {
            return Date.from(time.toInstant());
        }
        if (value != null && field.equals("_id")) {
            return new org.bson.types.ObjectId(value.toString());
        }
        return value;
    }
}
