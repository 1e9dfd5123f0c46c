package io.featurizer.offline.compute;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A feature table written as Parquet reads back in DuckDB ({@code read_parquet}) with its columns, types, values and nulls. */
class FeatureTableParquetTest {
    static final Schema BOOK = Schema.builder("top").addArray("bid_prices").addLong("levels").addDouble("spread").build();

    @TempDir
    Path dir;

    @Test
    void writesColumnsTypesValuesAndNulls() throws SQLException, IOException {
        FeatureSeries rows = PointInTimeJoinTest.series(10, 1, 20, 2, 30, 3);
        FeatureSeries top = new FeatureSeries(BOOK);
        FeatureEvent e = new FeatureEvent(BOOK);
        e.setTimes(15, 16);
        double[] p = e.arrayForWrite(0, 2);
        p[0] = 100.5;
        p[1] = 100.25;
        e.setLong(1, 2).set(2, Double.NaN); // a NaN value stays NaN; a missing value is NULL
        top.append(e, 15, 0);
        FeatureTable t = PointInTimeJoin.join(List.of(PointInTimeJoinTest.columns("mid", rows),
                new PointInTimeJoin.Columns(List.of("top-bid_prices", "top-levels", "top-spread"), top)), 0, null);
        Path file = dir.resolve("out/features.parquet");
        t.writeParquet(file);
        t.writeParquet(file); // replaces
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("features.parquet"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> described = new ArrayList<>();
            try (ResultSet r = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (r.next()) {
                    described.add(r.getString(1) + " " + r.getString(2));
                }
            }
            // the times are TIMESTAMP_NS (Parquet TIMESTAMP NANOS): datetimes, exact to the ns (10 ns, 11 ns read back below)
            assertEquals(List.of("timestamp TIMESTAMP_NS", "receipt_timestamp TIMESTAMP_NS", "mid-v DOUBLE", "top-bid_prices DOUBLE[]", "top-levels BIGINT",
                    "top-spread DOUBLE"), described);
            try (ResultSet r = st.executeQuery("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), * EXCLUDE (timestamp, receipt_timestamp) "
                    + "FROM read_parquet('" + file + "') ORDER BY timestamp")) {
                assertTrue(r.next());
                assertEquals(10, r.getLong(1));
                assertEquals(11, r.getLong(2));
                assertEquals(1.0, r.getDouble(3));
                assertEquals(null, r.getObject(4));
                r.getLong(5);
                assertTrue(r.wasNull());
                r.getDouble(6);
                assertTrue(r.wasNull());
                assertTrue(r.next());
                assertEquals(20, r.getLong(1));
                Array a = r.getArray(4);
                Object[] levels = (Object[]) a.getArray();
                assertArrayEquals(new Object[] {100.5, 100.25}, levels);
                assertEquals(2, r.getLong(5));
                assertTrue(Double.isNaN(r.getDouble(6)));
                assertFalse(r.wasNull());
                assertTrue(r.next());
                assertEquals(30, r.getLong(1));
                assertFalse(r.next());
            }
        }
    }
}
