package io.featurizer.offline.compute;

import io.featurizer.core.event.FieldType;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a {@link FeatureTable} as a Parquet file through DuckDB: rows go through the appender into an
 * in-memory table, then {@code COPY ... TO} (ZSTD), {@code timestamp} and {@code receipt_timestamp} as TIMESTAMP_NS.
 * The file is written beside the target and moved over it, so a reader never sees half a file.
 */
final class ParquetTableWriter {
    private static final String TABLE = "feature_table";

    private ParquetTableWriter() {
    }

    static void write(FeatureTable table, Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.delete(tmp); // DuckDB creates the file itself
            copy(table, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature table to " + target, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the feature table to " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static void copy(FeatureTable table, Path file) throws SQLException {
        int columns = table.columnCount();
        StringBuilder create = new StringBuilder("CREATE TEMP TABLE ").append(TABLE).append(" (");
        for (int c = 0; c < columns; c++) {
            create.append(c == 0 ? "" : ", ").append(identifier(table.columnNames().get(c))).append(' ').append(sqlType(table.columnType(c)));
        }
        create.append(')');
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement()) {
            st.execute("SET threads = 1"); // a writer among compute threads: one is plenty for COPY
            st.execute(create.toString());
            try (DuckDBAppender row = db.createAppender("temp", "main", TABLE)) {
                for (int r = 0; r < table.rowCount(); r++) {
                    row.beginRow();
                    row.append(table.timestamp(r));
                    row.append(table.receiptTimestamp(r));
                    for (int c = 2; c < columns; c++) {
                        if (table.isNull(r, c)) {
                            row.appendNull();
                            continue;
                        }
                        switch (table.columnType(c)) {
                            case DOUBLE -> row.append(table.getDouble(r, c));
                            case LONG -> row.append(table.getLong(r, c));
                            case DOUBLE_ARRAY -> row.append(table.getArray(r, c));
                        }
                    }
                    row.endRow();
                }
            }
            // the times as TIMESTAMP_NS (Parquet TIMESTAMP NANOS), as in storage blocks: datetimes in pandas, polars and DuckDB
            String t = identifier(FeatureTable.TIMESTAMP), rt = identifier(FeatureTable.RECEIPT_TIMESTAMP);
            st.execute("COPY (SELECT * REPLACE (make_timestamp_ns(" + t + ") AS " + t + ", make_timestamp_ns(" + rt + ") AS " + rt + ") FROM "
                    + TABLE + ") TO " + literal(file.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    private static String sqlType(FieldType type) {
        return switch (type) {
            case DOUBLE -> "DOUBLE";
            case LONG -> "BIGINT";
            case DOUBLE_ARRAY -> "DOUBLE[]";
        };
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
