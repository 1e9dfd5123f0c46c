package io.featurizer.offline.compute;

import io.featurizer.core.event.FieldType;
import io.featurizer.storage.block.RowGroupColumns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A computed feature table (or feature-label set), in memory: one row per output of the row feature, with
 * columns {@code timestamp} and {@code receipt_timestamp} (of that output, ns since the epoch), then
 * {@code {name}-{field}} for every feature and, with a label, {@code label_{name}-{field}}.
 *
 * <p>Column types follow the feature schemas: DOUBLE, LONG (e.g. OHLCV {@code num_trades}) and DOUBLE_ARRAY
 * (book levels; a list column in Parquet). A feature with no output at or before a row's time is
 * <b>null</b> in that row ({@link #isNull}; {@link #getDouble} then reads NaN), which is different from a
 * feature whose value is NaN. The table keeps references into the computed series rather than copies, so
 * building it costs one int per row and column group.
 *
 * <p>Read it by index ({@link #getDouble(int, int)} ...), by row ({@link #iterator()} gives {@link Row}
 * views), or write it with {@link #writeParquet(Path)}. Immutable and thread-safe to read.
 */
public final class FeatureTable implements Iterable<FeatureTable.Row> {
    public static final String TIMESTAMP = "timestamp";
    public static final String RECEIPT_TIMESTAMP = "receipt_timestamp";

    /** The columns of one feature (or of the label): where each row's values come from. */
    record ColumnGroup(List<String> names, FeatureSeries series, int[] rows) {
    }

    private final long[] timestamps;
    private final long[] receiptTimestamps;
    private final List<ColumnGroup> groups;
    private final List<String> names = new ArrayList<>();
    private final List<FieldType> types = new ArrayList<>();
    private final int[] columnGroup;
    private final int[] columnField;
    private final Map<String, Integer> index = new HashMap<>();

    FeatureTable(long[] timestamps, long[] receiptTimestamps, List<ColumnGroup> groups) {
        this.timestamps = timestamps;
        this.receiptTimestamps = receiptTimestamps;
        this.groups = List.copyOf(groups);
        names.add(TIMESTAMP);
        types.add(FieldType.LONG);
        names.add(RECEIPT_TIMESTAMP);
        types.add(FieldType.LONG);
        List<Integer> g = new ArrayList<>(List.of(-1, -1));
        List<Integer> f = new ArrayList<>(List.of(-1, -1));
        for (int gi = 0; gi < groups.size(); gi++) {
            ColumnGroup group = groups.get(gi);
            if (group.rows().length != timestamps.length) {
                throw new IllegalArgumentException("column group " + group.names() + " has " + group.rows().length + " rows, the table " + timestamps.length);
            }
            for (int fi = 0; fi < group.names().size(); fi++) {
                names.add(group.names().get(fi));
                types.add(group.series().schema().type(fi));
                g.add(gi);
                f.add(fi);
            }
        }
        this.columnGroup = g.stream().mapToInt(Integer::intValue).toArray();
        this.columnField = f.stream().mapToInt(Integer::intValue).toArray();
        for (int c = 0; c < names.size(); c++) {
            Integer previous = index.put(names.get(c), c);
            if (previous != null) {
                throw new IllegalArgumentException("two columns are named '" + names.get(c) + "' (columns " + previous + " and " + c
                        + "): give the features distinct names");
            }
        }
    }

    public int rowCount() {
        return timestamps.length;
    }

    public int columnCount() {
        return names.size();
    }

    /** {@code timestamp}, {@code receipt_timestamp}, then the feature columns and the label columns. */
    public List<String> columnNames() {
        return Collections.unmodifiableList(names);
    }

    /** LONG for the two time columns, else the feature field's type. */
    public FieldType columnType(int column) {
        return types.get(column);
    }

    /** The index of a column by name. */
    public int column(String name) {
        Integer c = index.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column '" + name + "'; columns: " + names);
        }
        return c;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    public long timestamp(int row) {
        return timestamps[row];
    }

    public long receiptTimestamp(int row) {
        return receiptTimestamps[row];
    }

    /** True when the column's feature had no output at or before the row's time. */
    public boolean isNull(int row, int column) {
        return column >= 2 && sourceRow(row, column) < 0;
    }

    private int sourceRow(int row, int column) {
        return groups.get(columnGroup[column]).rows()[row];
    }

    /** A numeric value (a LONG converted); NaN when null. */
    public double getDouble(int row, int column) {
        if (column < 2) {
            return getLong(row, column);
        }
        requireScalar(column);
        int r = sourceRow(row, column);
        return r < 0 ? Double.NaN : groups.get(columnGroup[column]).series().getDouble(r, columnField[column]);
    }

    /** A LONG (or time) value; throws when null. */
    public long getLong(int row, int column) {
        if (column == 0) {
            return timestamps[row];
        }
        if (column == 1) {
            return receiptTimestamps[row];
        }
        requireScalar(column);
        int r = sourceRow(row, column);
        if (r < 0) {
            throw new IllegalStateException("column " + names.get(column) + " is null in row " + row + ": check isNull first");
        }
        return groups.get(columnGroup[column]).series().getLong(r, columnField[column]);
    }

    /** A copy of an array value, or null when null. */
    public double[] getArray(int row, int column) {
        if (types.get(column) != FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException("column " + names.get(column) + " is " + types.get(column) + ", not an array");
        }
        int r = sourceRow(row, column);
        return r < 0 ? null : groups.get(columnGroup[column]).series().getArray(r, columnField[column]);
    }

    /** The length of a non-null array cell. */
    int arrayLength(int row, int column) {
        return groups.get(columnGroup[column]).series().arrayLength(sourceRow(row, column), columnField[column]);
    }

    /** The array value of a non-null cell into row {@code groupRow} of the same column of a Parquet row group, without a copy of its own. */
    void copyArray(int row, int column, RowGroupColumns g, int groupRow) {
        groups.get(columnGroup[column]).series().copyArray(sourceRow(row, column), columnField[column], g, column, groupRow);
    }

    private void requireScalar(int column) {
        if (types.get(column) == FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException("column " + names.get(column) + " is an array: read it with getArray");
        }
    }

    /** The rows in order, as views onto this table. */
    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < timestamps.length;
            }

            @Override
            public Row next() {
                if (next >= timestamps.length) {
                    throw new NoSuchElementException("the table has " + timestamps.length + " rows");
                }
                return new Row(FeatureTable.this, next++);
            }
        };
    }

    /** Row {@code i} as a view. */
    public Row row(int i) {
        if (i < 0 || i >= timestamps.length) {
            throw new IndexOutOfBoundsException("row " + i + " of " + timestamps.length);
        }
        return new Row(this, i);
    }

    /**
     * Writes the table as one Parquet file (ZSTD) that pandas, polars and DuckDB read as they are: the two
     * time columns as BIGINT ns, DOUBLE, BIGINT and DOUBLE[] feature columns, nulls where a feature had no
     * value yet. Written to a temporary file beside {@code file}, then moved over it.
     */
    public void writeParquet(Path file) {
        ParquetTableWriter.write(this, file);
    }

    /** One row of a {@link FeatureTable}: a view, cheap to create. */
    public static final class Row {
        private final FeatureTable table;
        private final int index;

        Row(FeatureTable table, int index) {
            this.table = table;
            this.index = index;
        }

        public int index() {
            return index;
        }

        public long timestamp() {
            return table.timestamp(index);
        }

        public long receiptTimestamp() {
            return table.receiptTimestamp(index);
        }

        public boolean isNull(String column) {
            return table.isNull(index, table.column(column));
        }

        /** NaN when null. */
        public double getDouble(String column) {
            return table.getDouble(index, table.column(column));
        }

        public long getLong(String column) {
            return table.getLong(index, table.column(column));
        }

        /** Null when null. */
        public double[] getArray(String column) {
            return table.getArray(index, table.column(column));
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (int c = 0; c < table.columnCount(); c++) {
                sb.append(c == 0 ? "" : ", ").append(table.names.get(c)).append('=');
                if (table.isNull(index, c)) {
                    sb.append("null");
                } else if (table.columnType(c) == FieldType.DOUBLE_ARRAY) {
                    sb.append(java.util.Arrays.toString(table.getArray(index, c)));
                } else if (table.columnType(c) == FieldType.LONG) {
                    sb.append(table.getLong(index, c));
                } else {
                    sb.append(table.getDouble(index, c));
                }
            }
            return sb.append('}').toString();
        }
    }
}
