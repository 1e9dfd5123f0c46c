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

    @Test
    void theFileHasTheUsualPermissionsNotATempFilesOwnerOnlyOnes() throws IOException {
        FeatureTable t = PointInTimeJoin.join(List.of(PointInTimeJoinTest.columns("mid", PointInTimeJoinTest.series(10, 1, 20, 2))), 0, null);
        Path file = dir.resolve("features.parquet");
        t.writeParquet(file);
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // a file created as any other, under this process's umask
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void deepListsCutRowGroupsByTheirValuesAndReadBack() throws IOException, SQLException {
        // 700 rows of 7,000 values: 4.9 M values, past the 4,194,304 a row group stages, so two groups (600 + 100 rows)
        Schema deep = Schema.builder("deep").addArray("levels").build();
        FeatureSeries rows = new FeatureSeries(deep);
        FeatureEvent e = new FeatureEvent(deep);
        double expectedSum = 0;
        for (int r = 0; r < 700; r++) {
            e.setTimes(10L * (r + 1), 10L * (r + 1));
            double[] a = e.arrayForWrite(0, 7_000);
            for (int k = 0; k < a.length && k < 7_000; k++) {
                a[k] = r + k * 1e-4;
                expectedSum += a[k];
            }
            rows.append(e, 10L * (r + 1), 0);
        }
        FeatureTable t = PointInTimeJoin.join(List.of(new PointInTimeJoin.Columns(List.of("deep-levels"), rows)), 0, null);
        assertEquals(700, t.rowCount());
        Path file = dir.resolve("deep.parquet");
        t.writeParquet(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT row_group_id, max(row_group_num_rows) FROM parquet_metadata('" + file + "') GROUP BY 1 ORDER BY 1")) {
                assertTrue(r.next());
                assertEquals(600, r.getLong(2));
                assertTrue(r.next());
                assertEquals(100, r.getLong(2));
                assertFalse(r.next());
            }
            try (ResultSet r = st.executeQuery("SELECT count(*), sum(len(\"deep-levels\")), sum(list_sum(\"deep-levels\")) FROM read_parquet('" + file + "')")) {
                assertTrue(r.next());
                assertEquals(700, r.getLong(1));
                assertEquals(4_900_000, r.getLong(2));
                assertEquals(expectedSum, r.getDouble(3), Math.abs(expectedSum) * 1e-12);
            }
        }
    }
}
