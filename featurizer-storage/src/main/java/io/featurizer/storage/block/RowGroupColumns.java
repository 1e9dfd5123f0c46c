package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import java.util.Arrays;
import java.util.List;

/**
 * One row group of a block as primitive column arrays, indexed like {@link BlockLayout#columns()}:
 * integral columns (BIGINT, TINYINT, BOOLEAN) in {@code longs[c]}, DOUBLE in {@code doubles[c]},
 * DOUBLE[] as {@code offsets[c]} (row r's values are {@code values[c][offsets[c][r] ..
 * offsets[c][r + 1])}) over {@code values[c]}. The writer fills it from events, the reader from
 * pages; the arrays are reused from one row group to the next.
 */
final class RowGroupColumns {
    final ColumnKind[] kinds;
    final long[][] longs;
    final double[][] doubles;
    final int[][] offsets;
    final double[][] values;
    int rows;

    RowGroupColumns(ColumnKind[] kinds, int capacity) {
        this.kinds = kinds;
        longs = new long[kinds.length][];
        doubles = new double[kinds.length][];
        offsets = new int[kinds.length][];
        values = new double[kinds.length][];
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
    }

    /** Makes {@code values[c]} hold at least {@code n} values, keeping its contents. */
    double[] values(int c, int n) {
        if (values[c].length < n) {
            values[c] = Arrays.copyOf(values[c], Math.max(n, values[c].length + (values[c].length >> 1)));
        }
        return values[c];
    }

    /**
     * Stages events {@code from ..} in one pass (each event touched once, while in cache): up to
     * {@code maxRows} rows, fewer once the list values reach {@code maxListValues}. Returns the end index.
     */
    int fill(Schema schema, List<? extends Event> events, long[] sequences, int from, int maxRows, int maxListValues) {
        int to = Math.min(events.size(), from + maxRows);
        int listValues = 0;
        int r = 0;
        for (int c = 3; c < kinds.length; c++) {
            if (offsets[c] != null) {
                offsets[c][0] = 0;
            }
        }
        for (int i = from; i < to; i++, r++) {
            Event e = events.get(i);
            if (e.schema() != schema && !e.schema().equals(schema)) { // checked here, not in a pass of its own: events are cache misses
                throw new ForeignEventException("event " + i + " has schema " + e.schema().name() + ", expected " + schema.name());
            }
            longs[0][r] = e.ts();
            longs[1][r] = e.receiptTs();
            longs[2][r] = sequences[i];
            for (int c = 3; c < kinds.length; c++) {
                int field = c - 3;
                switch (kinds[c]) {
                    case INT64, INT8, BOOLEAN -> longs[c][r] = e.getLong(field);
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
            if (listValues >= maxListValues) {
                r++;
                break;
            }
        }
        rows = r;
        return from + r;
    }

    /** An event of another schema than the block's. */
    static final class ForeignEventException extends RuntimeException {
        ForeignEventException(String message) {
            super(message);
        }
    }
}
