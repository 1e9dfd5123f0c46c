package io.featurizer.offline.compute;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random feature tables (DOUBLE, BIGINT and DOUBLE[] columns; nulls, NaN, ±∞, −0.0, empty and null lists) written as
 * Parquet in random row-group sizes read back cell for cell in DuckDB, an independent Parquet reader.
 */
class FeatureTableParquetPropertyTest {
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE};

    @Property(tries = 25)
    void everyCellReadsBackInDuckDb(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int rows,
                                    @ForAll @IntRange(min = 1, max = 2500) int groupRows) throws IOException, SQLException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] ts = new long[rows];
        long[] receipt = new long[rows];
        for (int r = 0; r < rows; r++) {
            ts[r] = 1_700_000_000_000_000_000L + r * 1_000L + rnd.nextLong(1_000);
            receipt[r] = ts[r] + rnd.nextLong(5_000);
        }
        List<FeatureTable.ColumnGroup> groups = new ArrayList<>();
        for (int g = 0, n = 1 + rnd.nextInt(4); g < n; g++) {
            groups.add(randomGroup(rnd, "f" + g + ".BTC-USDT·é", rows)); // names as configs give them: dots, any Unicode
        }
        FeatureTable table = new FeatureTable(ts, receipt, groups);
        Path dir = Files.createTempDirectory("table-parquet");
        Path file = dir.resolve("t.parquet");
        try {
            ParquetTableWriter.write(table, file, groupRows);
            assertReadsBack(table, file);
            assertFiltersMatch(table, file, rnd);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** One feature of 1-3 random fields, with a random output (or none: null) per row. */
    private static FeatureTable.ColumnGroup randomGroup(SplittableRandom rnd, String name, int rows) {
        Schema.Builder b = Schema.builder(name);
        List<String> names = new ArrayList<>();
        for (int f = 0, n = 1 + rnd.nextInt(3); f < n; f++) {
            String field = "x" + f;
            switch (rnd.nextInt(3)) {
                case 0 -> b.addDouble(field);
                case 1 -> b.addLong(field);
                default -> b.addArray(field);
            }
            names.add(name + "-" + field);
        }
        Schema schema = b.build();
        FeatureSeries series = new FeatureSeries(schema);
        FeatureEvent e = new FeatureEvent(schema);
        int[] source = new int[rows];
        double nullShare = rnd.nextDouble(); // from almost none to almost all
        for (int r = 0; r < rows; r++) {
            if (rnd.nextDouble() < nullShare) {
                source[r] = -1;
                continue;
            }
            for (int f = 0; f < schema.size(); f++) {
                switch (schema.type(f)) {
                    case DOUBLE -> e.set(f, value(rnd));
                    case LONG -> e.setLong(f, rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : rnd.nextLong());
                    case DOUBLE_ARRAY -> {
                        int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 30);
                        double[] a = e.arrayForWrite(f, n);
                        for (int k = 0; k < n; k++) {
                            a[k] = value(rnd);
                        }
                    }
                }
            }
            e.setTimes(r, r);
            source[r] = series.size();
            series.append(e, r, 0);
        }
        return new FeatureTable.ColumnGroup(names, series, source);
    }

    private static double value(SplittableRandom rnd) {
        return rnd.nextInt(5) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : rnd.nextDouble(-1e6, 1e6);
    }

    /**
     * Filters DuckDB pushes down to the row groups' statistics (min, max, null count) count what the table holds: a wrong
     * statistic would skip a row group that has matching rows.
     */
    private static void assertFiltersMatch(FeatureTable t, Path file, SplittableRandom rnd) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (int col = 2; col < t.columnCount(); col++) {
                FieldType type = t.columnType(col);
                if (type == FieldType.DOUBLE_ARRAY) {
                    continue;
                }
                String name = "\"" + t.columnNames().get(col) + "\"";
                double threshold = rnd.nextDouble(-1e6, 1e6);
                long nulls = 0, above = 0;
                for (int row = 0; row < t.rowCount(); row++) {
                    if (t.isNull(row, col)) {
                        nulls++;
                    } else if (type == FieldType.DOUBLE ? t.getDouble(row, col) >= threshold : t.getLong(row, col) >= (long) threshold) {
                        above++; // NaN is never >= a number in Java; DuckDB orders NaN above every number, so it is left out below
                    }
                }
                String where = type == FieldType.DOUBLE ? name + " >= " + threshold + " AND NOT isnan(" + name + ")" : name + " >= " + (long) threshold;
                assertEquals(nulls, count(st, file, name + " IS NULL"), t.columnNames().get(col) + " IS NULL");
                assertEquals(above, count(st, file, where), where);
            }
        }
    }

    private static long count(Statement st, Path file, String where) throws SQLException {
        try (ResultSet r = st.executeQuery("SELECT count(*) FROM read_parquet('" + file + "') WHERE " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void assertReadsBack(FeatureTable t, Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), * EXCLUDE (timestamp, receipt_timestamp, file_row_number) "
                     + "FROM read_parquet('" + file + "', file_row_number = true) ORDER BY file_row_number")) {
            assertEquals(t.columnCount(), r.getMetaData().getColumnCount());
            for (int c1 = 3; c1 <= t.columnCount(); c1++) {
                assertEquals(t.columnNames().get(c1 - 1), r.getMetaData().getColumnName(c1));
            }
            for (int row = 0; row < t.rowCount(); row++) {
                assertTrue(r.next(), "row " + row);
                assertEquals(t.timestamp(row), r.getLong(1));
                assertEquals(t.receiptTimestamp(row), r.getLong(2));
                for (int col = 2; col < t.columnCount(); col++) {
                    String at = t.columnNames().get(col) + " row " + row;
                    boolean isNull = t.isNull(row, col);
                    FieldType type = t.columnType(col);
                    if (type == FieldType.DOUBLE) {
                        double v = r.getDouble(col + 1);
                        assertEquals(isNull, r.wasNull(), at);
                        if (!isNull) {
                            assertEquals(0, Double.compare(t.getDouble(row, col), v), at + ": " + t.getDouble(row, col) + " read " + v);
                        }
                    } else if (type == FieldType.LONG) {
                        long v = r.getLong(col + 1);
                        assertEquals(isNull, r.wasNull(), at);
                        if (!isNull) {
                            assertEquals(t.getLong(row, col), v, at);
                        }
                    } else {
                        java.sql.Array a = r.getArray(col + 1);
                        if (isNull) {
                            assertNull(a, at);
                            continue;
                        }
                        Object[] read = (Object[]) a.getArray();
                        double[] expected = t.getArray(row, col);
                        assertEquals(expected.length, read.length, at);
                        for (int k = 0; k < expected.length; k++) {
                            assertEquals(0, Double.compare(expected[k], (Double) read[k]), at + " element " + k);
                        }
                    }
                }
            }
            assertFalse(r.next(), "more rows than the table's " + t.rowCount());
        }
    }
}
