package io.featurizer.offline.compute;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.storage.block.RowGroupColumns;

import java.util.Arrays;

/**
 * The outputs of one feature, kept column-wise in primitive arrays: times, the position in the input order
 * of the input that produced each output, then one column per schema field (array fields flattened into one
 * values array with row offsets).
 *
 * <p><b>Positions.</b> An output's position is that of the input whose processing emitted it
 * ({@link InputPosition}): ({@code inputTime}, {@code inputOrder}), compared as a pair. The point-in-time join
 * orders and matches outputs by it, so a row sees exactly the outputs emitted up to and including its own
 * input, never those of a later input with the same timestamp. Appending copies the event's
 * values, so the view a callback hands over can be reused; growth doubles the arrays, nothing else is
 * allocated per output. Not thread-safe: one chunk fills one series.
 */
public final class FeatureSeries {
    private static final int INITIAL = 256;

    private final Schema schema;
    private final FieldType[] types;
    private int size;
    private long[] ts = new long[INITIAL];
    private long[] receiptTs = new long[INITIAL];
    private long[] inputTime = new long[INITIAL];
    private long[] inputOrder = new long[INITIAL];
    private final double[][] doubles; // per DOUBLE field
    private final long[][] longs; // per LONG field
    private final double[][] arrayValues; // per DOUBLE_ARRAY field, all rows back to back
    private final int[][] arrayOffsets; // per DOUBLE_ARRAY field, row i spans [offsets[i], offsets[i + 1])
    private final int[] arrayFill;

    public FeatureSeries(Schema schema) {
        this.schema = schema;
        int n = schema.size();
        this.types = new FieldType[n];
        this.doubles = new double[n][];
        this.longs = new long[n][];
        this.arrayValues = new double[n][];
        this.arrayOffsets = new int[n][];
        this.arrayFill = new int[n];
        for (int f = 0; f < n; f++) {
            types[f] = schema.type(f);
            switch (types[f]) {
                case DOUBLE -> doubles[f] = new double[INITIAL];
                case LONG -> longs[f] = new long[INITIAL];
                case DOUBLE_ARRAY -> {
                    arrayValues[f] = new double[INITIAL * 8];
                    arrayOffsets[f] = new int[INITIAL + 1];
                }
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return size;
    }

    /** Appends a copy of the event's times and values, emitted at input position ({@code inputTime}, {@code inputOrder}). */
    public void append(Event e, long inputTime, long inputOrder) {
        if (size == ts.length) {
            grow();
        }
        int i = size;
        ts[i] = e.ts();
        receiptTs[i] = e.receiptTs();
        this.inputTime[i] = inputTime;
        this.inputOrder[i] = inputOrder;
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case DOUBLE -> doubles[f][i] = e.getDouble(f);
                case LONG -> longs[f][i] = e.getLong(f);
                case DOUBLE_ARRAY -> appendArray(f, e.getArray(f), e.arrayLength(f));
            }
        }
        size++;
    }

    private void appendArray(int f, double[] values, int n) {
        int start = arrayFill[f];
        if (start + n > arrayValues[f].length) {
            arrayValues[f] = Arrays.copyOf(arrayValues[f], Math.max(start + n, arrayValues[f].length * 2));
        }
        System.arraycopy(values, 0, arrayValues[f], start, n);
        arrayFill[f] = start + n;
        arrayOffsets[f][size + 1] = start + n;
    }

    private void grow() {
        int cap = ts.length * 2;
        ts = Arrays.copyOf(ts, cap);
        receiptTs = Arrays.copyOf(receiptTs, cap);
        inputTime = Arrays.copyOf(inputTime, cap);
        inputOrder = Arrays.copyOf(inputOrder, cap);
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case DOUBLE -> doubles[f] = Arrays.copyOf(doubles[f], cap);
                case LONG -> longs[f] = Arrays.copyOf(longs[f], cap);
                case DOUBLE_ARRAY -> arrayOffsets[f] = Arrays.copyOf(arrayOffsets[f], cap + 1);
            }
        }
    }

    /** Appends every output of {@code other} (same schema), in its order. */
    public void appendAll(FeatureSeries other) {
        FeatureEvent scratch = new FeatureEvent(schema);
        for (int i = 0; i < other.size; i++) {
            other.read(i, scratch);
            append(scratch, other.inputTime[i], other.inputOrder[i]);
        }
    }

    public long ts(int i) {
        return ts[check(i)];
    }

    public long receiptTs(int i) {
        return receiptTs[check(i)];
    }

    /** The time (in the run's clock) of the input that emitted output {@code i}. */
    public long inputTime(int i) {
        return inputTime[check(i)];
    }

    /** The order among inputs of equal {@link #inputTime}: see {@link InputPosition}. */
    public long inputOrder(int i) {
        return inputOrder[check(i)];
    }

    /** True when output {@code i}'s input comes at or before position ({@code time}, {@code order}). */
    boolean emittedAtOrBefore(int i, long time, long order) {
        return inputTime[i] < time || (inputTime[i] == time && inputOrder[i] <= order);
    }

    /** A DOUBLE field (a LONG field converted). */
    public double getDouble(int i, int field) {
        check(i);
        return types[field] == FieldType.LONG ? longs[field][i] : doubles[field][i];
    }

    public long getLong(int i, int field) {
        check(i);
        return types[field] == FieldType.LONG ? longs[field][i] : (long) doubles[field][i];
    }

    /** A copy of an array field's values. */
    public double[] getArray(int i, int field) {
        check(i);
        return Arrays.copyOfRange(arrayValues[field], arrayOffsets[field][i], arrayOffsets[field][i + 1]);
    }

    /** The values of array field {@code field} of output {@code i} as row {@code row} of list column {@code column} of a Parquet row group. */
    void copyArray(int i, int field, RowGroupColumns into, int column, int row) {
        check(i);
        int from = arrayOffsets[field][i];
        into.setList(column, row, arrayValues[field], from, arrayOffsets[field][i + 1] - from);
    }

        /** Writes output {@code i} (times and values) into {@code into}, a reusable event of this schema. */
    public FeatureEvent read(int i, FeatureEvent into) {
        check(i);
        into.setTimes(ts[i], receiptTs[i]);
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case DOUBLE -> into.set(f, doubles[f][i]);
                case LONG -> into.setLong(f, longs[f][i]);
                case DOUBLE_ARRAY -> {
                    int from = arrayOffsets[f][i];
                    int n = arrayOffsets[f][i + 1] - from;
                    System.arraycopy(arrayValues[f], from, into.arrayForWrite(f, n), 0, n);
                }
            }
        }
        return into;
    }

    /** Output {@code i} as a new event. */
    public FeatureEvent event(int i) {
        return read(i, new FeatureEvent(schema));
    }

    /** True when the outputs are in input order (positions never go backwards). */
    public boolean isInInputOrder() {
        for (int i = 1; i < size; i++) {
            if (!emittedAtOrBefore(i - 1, inputTime[i], inputOrder[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * This series if it is in input order, else a copy stably sorted by position (outputs of one input keep their
     * emission order). Chunks keep the outputs timed in them, so their concatenation can put an output emitted
     * after its time (a bar) before one emitted earlier.
     */
    public FeatureSeries inInputOrder() {
        if (isInInputOrder()) {
            return this;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : inputTime[a] != inputTime[b] ? Long.compare(inputTime[a], inputTime[b])
                : Long.compare(inputOrder[a], inputOrder[b])); // a stable merge sort
        FeatureSeries sorted = new FeatureSeries(schema);
        FeatureEvent scratch = new FeatureEvent(schema);
        for (int i : order) {
            sorted.append(read(i, scratch), inputTime[i], inputOrder[i]);
        }
        return sorted;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("output " + i + " of a series of " + size);
        }
        return i;
    }
}
