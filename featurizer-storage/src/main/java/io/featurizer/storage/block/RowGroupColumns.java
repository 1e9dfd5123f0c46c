package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One row group of a block as primitive column arrays, indexed like {@link BlockLayout#columns()}:
 * integral columns (BIGINT, TINYINT, BOOLEAN) in {@code longs[c]}, DOUBLE in {@code doubles[c]},
 * DOUBLE[] as {@code offsets[c]} (row r's values are {@code values[c][offsets[c][r] ..
 * offsets[c][r + 1])}) over {@code values[c]}. A writer stages events into it one by one
 * ({@link #add}), a reader fills it from pages; the arrays are reused from one row group to the next,
 * so staging allocates nothing per event once they have grown.
 *
 * <p>A table of other columns (a computed feature table, {@link #forColumns}) is staged column by column instead,
 * with nulls ({@link #setNull}): {@link #startRows}, then each column's rows in order.
 */
public final class RowGroupColumns {
    final Schema schema;
    final ColumnKind[] kinds;
    final long[][] longs;
    final double[][] doubles;
    final int[][] offsets;
    final double[][] values;
    final boolean[][] nulls; // per column, made at its first null; row r is null when nulls[c][r]
    final int[] nullCounts;
    int rows;
    private int capacity;
    private int listValues;

    /** An empty row group for staging events of {@code schema}. */
    public static RowGroupColumns forSchema(Schema schema) {
        return new RowGroupColumns(schema, BlockLayout.of(schema).kinds(), 1024);
    }

    /** An empty row group of any columns, staged column by column ({@link #startRows}): see {@link BlockFileWriter#BlockFileWriter(Path, List, PageEncoder)}. */
    public static RowGroupColumns forColumns(List<BlockLayout.Column> columns) {
        ColumnKind[] kinds = new ColumnKind[columns.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = ColumnKind.of(columns.get(c));
        }
        return new RowGroupColumns(null, kinds, 1024);
    }

    RowGroupColumns(ColumnKind[] kinds, int capacity) {
        this(null, kinds, capacity);
    }

    private RowGroupColumns(Schema schema, ColumnKind[] kinds, int capacity) {
        this.schema = schema;
        this.kinds = kinds;
        this.capacity = capacity;
        longs = new long[kinds.length][];
        doubles = new double[kinds.length][];
        offsets = new int[kinds.length][];
        values = new double[kinds.length][];
        nulls = new boolean[kinds.length][];
        nullCounts = new int[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            if (kinds[c] == ColumnKind.DOUBLE_LIST) {
                offsets[c] = new int[capacity + 1];
                values[c] = new double[Math.max(16, capacity)];
            } else if (kinds[c].integral()) {
                longs[c] = new long[capacity];
            } else {
                doubles[c] = new double[capacity];
            }
        }
    }

    /** Grows every column to hold {@code n} rows (contents not kept). */
    void capacity(int n) {
        for (int c = 0; c < kinds.length; c++) {
            if (offsets[c] != null && offsets[c].length < n + 1) {
                offsets[c] = new int[n + 1];
            } else if (longs[c] != null && longs[c].length < n) {
                longs[c] = new long[n];
            } else if (doubles[c] != null && doubles[c].length < n) {
                doubles[c] = new double[n];
            }
        }
        capacity = Math.max(capacity, n);
    }

    /** Makes {@code values[c]} hold at least {@code n} values, keeping its contents. */
    double[] values(int c, int n) {
        if (values[c].length < n) {
            values[c] = Arrays.copyOf(values[c], Math.max(n, values[c].length + (values[c].length >> 1)));
        }
        return values[c];
    }

    /**
     * Appends one event as the next row, with its ingestion sequence. The event must be of this
     * group's schema (checked here rather than in a pass of its own: events are cache misses).
     */
    public void add(Event e, long sequence) {
        if (e.schema() != schema && !e.schema().equals(schema)) {
            throw new ForeignEventException("event of schema " + e.schema().name() + " in a block of " + schema.name());
        }
        int r = rows;
        if (r == capacity) {
            grow();
        }
        longs[0][r] = e.ts();
        longs[1][r] = e.receiptTs();
        longs[2][r] = sequence;
        for (int c = 3; c < kinds.length; c++) {
            int field = c - 3;
            switch (kinds[c]) {
                case INT64, TIMESTAMP_NS, INT8, BOOLEAN -> longs[c][r] = e.getLong(field);
                case DOUBLE -> doubles[c][r] = e.getDouble(field);
                case DOUBLE_LIST -> {
                    int n = e.arrayLength(field);
                    int at = offsets[c][r];
                    System.arraycopy(e.getArray(field), 0, values(c, at + n), at, n);
                    offsets[c][r + 1] = at + n;
                    listValues += n;
                }
            }
        }
        rows = r + 1;
    }

    private void grow() {
        grow(capacity * 2);
    }

    private void grow(int n) {
        for (int c = 0; c < kinds.length; c++) {
            if (offsets[c] != null) {
                offsets[c] = Arrays.copyOf(offsets[c], n + 1);
            } else if (longs[c] != null) {
                longs[c] = Arrays.copyOf(longs[c], n);
            } else {
                doubles[c] = Arrays.copyOf(doubles[c], n);
            }
        }
        capacity = n;
    }

    /** Whether the group has reached a row group's size: {@code maxRows} rows or {@code maxListValues} list values. */
    boolean full(int maxRows, int maxListValues) {
        return rows >= maxRows || listValues >= maxListValues;
    }

    /** Whether the group holds a whole row group of a block file ({@link ParquetBlocks} sizes), so it should be written. */
    public boolean isFull() {
        return full(ParquetBlocks.rowGroupRows, BlockFileWriter.ROW_GROUP_LIST_VALUES);
    }

    public int rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** Empties the group, keeping its arrays. */
    public void clear() {
        rows = 0;
        listValues = 0;
        Arrays.fill(nullCounts, 0);
    }

    /** Column-wise staging: the group now holds {@code n} rows, every value still to be set (or nulled), each column's in row order. */
    public void startRows(int n) {
        clear();
        if (n > capacity) {
            grow(n);
        }
        for (int c = 0; c < kinds.length; c++) {
            if (nulls[c] != null) {
                if (nulls[c].length < n) {
                    nulls[c] = new boolean[capacity];
                } else {
                    Arrays.fill(nulls[c], 0, n, false);
                }
            }
            if (offsets[c] != null) {
                offsets[c][0] = 0;
            }
        }
        rows = n;
    }

    public void setLong(int c, int r, long v) {
        longs[c][r] = v;
    }

    public void setDouble(int c, int r, double v) {
        doubles[c][r] = v;
    }

    /** Row r of list column c: {@code n} values of {@code src} from {@code from} (rows of a list column are set in order). */
    public void setList(int c, int r, double[] src, int from, int n) {
        int at = offsets[c][r];
        System.arraycopy(src, from, values(c, at + n), at, n);
        offsets[c][r + 1] = at + n;
        listValues += n;
    }

    /** Row r of column c is null (a list column's rows in order, as {@link #setList}). */
    public void setNull(int c, int r) {
        if (nulls[c] == null) {
            nulls[c] = new boolean[capacity];
        }
        nulls[c][r] = true;
        nullCounts[c]++;
        if (offsets[c] != null) {
            offsets[c][r + 1] = offsets[c][r];
        }
    }

    /** Whether row r of column c is null. */
    boolean isNull(int c, int r) {
        return nullCounts[c] > 0 && nulls[c][r];
    }

    /** An event of another schema than the block's. */
    static final class ForeignEventException extends RuntimeException {
        ForeignEventException(String message) {
            super(message);
        }
    }
}
