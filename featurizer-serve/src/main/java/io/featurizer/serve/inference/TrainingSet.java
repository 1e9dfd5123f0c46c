package io.featurizer.serve.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows for a classifier from a feature-label table ({@code featurizer compute} with {@code label_feature} and
 * {@code label_lookahead}): inputs from feature columns, a 0/1 label from a label column. The label is
 * {@code label > base} with a base column (e.g. {@code label_mid_price-mid_price > mid_price-mid_price}: the mid
 * is higher {@code label_lookahead} later than at the row), else {@code label > 0}.
 *
 * <p>No lookahead leaks into the inputs: compute joins every feature column as it stood right after the row's own
 * input, and only the {@code label_} columns look ahead; they cannot be inputs. Rows where an input or the label
 * is null (a feature had no value yet, the lookahead runs past the data) or NaN are dropped and counted. Rows stay
 * in time order, so a holdout is the latest rows.
 */
public final class TrainingSet {
    public final List<String> inputs;
    public final double[][] x;
    public final int[] y;
    public final long rowsRead;
    public final long rowsDropped;

    private TrainingSet(List<String> inputs, double[][] x, int[] y, long rowsRead, long rowsDropped) {
        this.inputs = inputs;
        this.x = x;
        this.y = y;
        this.rowsRead = rowsRead;
        this.rowsDropped = rowsDropped;
    }

    /**
     * Reads a Parquet feature table with DuckDB.
     *
     * @param inputs input columns; empty: every numeric column except the two times and the label columns
     * @param base   the column the label is compared with, or null for {@code label > 0}
     * @throws IllegalArgumentException naming a missing or unusable column and the columns the table has
     */
    public static TrainingSet readParquet(Path table, List<String> inputs, String label, String base) {
        if (!Files.isRegularFile(table)) {
            throw new IllegalArgumentException("--table " + table + ": no such file (a Parquet table written by 'featurizer compute')");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String from = "read_parquet('" + table.toAbsolutePath().toString().replace("'", "''") + "')";
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            List<String> numeric = new ArrayList<>();
            types.forEach((name, type) -> {
                if (isNumeric(type)) {
                    numeric.add(name);
                }
            });
            List<String> in = inputs.isEmpty() ? defaultInputs(numeric, base) : List.copyOf(inputs);
            for (String col : in) {
                if (col.startsWith("label_")) {
                    throw new IllegalArgumentException("--inputs " + col + ": a label column looks ahead; as an input it would leak the future into the model");
                }
                requireNumeric(types, numeric, col, "--inputs");
            }
            requireNumeric(types, numeric, label, "--label");
            if (base != null) {
                requireNumeric(types, numeric, base, "--label-base");
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (String col : in) {
                sql.append(quote(col)).append("::DOUBLE, ");
            }
            sql.append(quote(label)).append("::DOUBLE");
            if (base != null) {
                sql.append(", ").append(quote(base)).append("::DOUBLE");
            }
            sql.append(" FROM ").append(from);
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            long read = 0, dropped = 0;
            try (ResultSet rs = st.executeQuery(sql.toString())) {
                int p = in.size();
                while (rs.next()) {
                    read++;
                    double[] row = new double[p];
                    boolean ok = true;
                    for (int j = 0; j < p && ok; j++) {
                        row[j] = rs.getDouble(j + 1);
                        ok = !rs.wasNull() && Double.isFinite(row[j]);
                    }
                    double l = rs.getDouble(p + 1);
                    ok = ok && !rs.wasNull() && Double.isFinite(l);
                    double b = 0;
                    if (base != null) {
                        b = rs.getDouble(p + 2);
                        ok = ok && !rs.wasNull() && Double.isFinite(b);
                    }
                    if (!ok) {
                        dropped++;
                        continue;
                    }
                    rows.add(row);
                    labels.add(l > b ? 1 : 0);
                }
            }
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            return new TrainingSet(in, rows.toArray(new double[0][]), y, read, dropped);
        } catch (SQLException e) {
            throw new IllegalArgumentException("--table " + table + ": cannot read it as Parquet (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static List<String> defaultInputs(List<String> numeric, String base) {
        List<String> in = new ArrayList<>();
        for (String col : numeric) {
            if (!col.equals("timestamp") && !col.equals("receipt_timestamp") && !col.startsWith("label_")) {
                in.add(col);
            }
        }
        if (in.isEmpty()) {
            throw new IllegalArgumentException("the table has no numeric feature columns to use as inputs");
        }
        return in;
    }

    private static void requireNumeric(Map<String, String> types, List<String> numeric, String col, String option) {
        if (!types.containsKey(col)) {
            throw new IllegalArgumentException(option + " '" + col + "': no such column; numeric columns: " + numeric);
        }
        if (!numeric.contains(col)) {
            throw new IllegalArgumentException(option + " '" + col + "' is " + types.get(col) + ", expected a number; numeric columns: " + numeric);
        }
    }

    private static boolean isNumeric(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.startsWith("DECIMAL") || java.util.Set.of("DOUBLE", "FLOAT", "REAL", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT",
                "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT").contains(t);
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Rows whose label is 1. */
    public int positives() {
        int s = 0;
        for (int v : y) {
            s += v;
        }
        return s;
    }
}
