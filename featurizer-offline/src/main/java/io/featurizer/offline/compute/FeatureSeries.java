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
 * values, so the view a callback hands over can be reused; the columns grow by segments ({@link Columns}), nothing
 * else is allocated per output. Not thread-safe: one chunk fills one series.
 */
public final class FeatureSeries {
    private final Schema schema;
    private final FieldType[] types;
    private int size;
    private final Columns.Longs ts = new Columns.Longs();
    private final Columns.Longs receiptTs = new Columns.Longs();
    private final Columns.Longs inputTime = new Columns.Longs();
    private final Columns.Longs inputOrder = new Columns.Longs();
    private final Columns.Doubles[] doubles; // per DOUBLE field
    private final Columns.Longs[] longs; // per LONG field
    private final Columns.Lists[] arrays; // per DOUBLE_ARRAY field

    public FeatureSeries(Schema schema) {
        this.schema = schema;
        int n = schema.size();
        this.types = new FieldType[n];
        this.doubles = new Columns.Doubles[n];
        this.longs = new Columns.Longs[n];
        this.arrays = new Columns.Lists[n];
        for (int f = 0; f < n; f++) {
            types[f] = schema.type(f);
            switch (types[f]) {
                case DOUBLE -> doubles[f] = new Columns.Doubles();
                case LONG -> longs[f] = new Columns.Longs();
                case DOUBLE_ARRAY -> arrays[f] = new Columns.Lists();
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
        int i = size;
        ts.set(i, e.ts());
        receiptTs.set(i, e.receiptTs());
        this.inputTime.set(i, inputTime);
        this.inputOrder.set(i, inputOrder);
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case DOUBLE -> doubles[f].set(i, e.getDouble(f));
                case LONG -> longs[f].set(i, e.getLong(f));
                case DOUBLE_ARRAY -> arrays[f].set(i, e.getArray(f), e.arrayLength(f));
            }
        }
        size++;
    }

    /** Appends every output of {@code other} (same schema), in its order. */
    public void appendAll(FeatureSeries other) {
        FeatureEvent scratch = new FeatureEvent(schema);
        for (int i = 0; i < other.size; i++) {
            other.read(i, scratch);
            append(scratch, other.inputTime.get(i), other.inputOrder.get(i));
        }
    }

    public long ts(int i) {
        return ts.get(check(i));
    }

    public long receiptTs(int i) {
        return receiptTs.get(check(i));
    }

    /** The time (in the run's clock) of the input that emitted output {@code i}. */
    public long inputTime(int i) {
        return inputTime.get(check(i));
    }

    /** The order among inputs of equal {@link #inputTime}: see {@link InputPosition}. */
    public long inputOrder(int i) {
        return inputOrder.get(check(i));
    }

    /** True when output {@code i}'s input comes at or before position ({@code time}, {@code order}). */
    boolean emittedAtOrBefore(int i, long time, long order) {
        long t = inputTime.get(i);
        return t < time || (t == time && inputOrder.get(i) <= order);
    }

    /** A DOUBLE field (a LONG field converted). */
    public double getDouble(int i, int field) {
        check(i);
        return types[field] == FieldType.LONG ? longs[field].get(i) : doubles[field].get(i);
    }

    public long getLong(int i, int field) {
        check(i);
        return types[field] == FieldType.LONG ? longs[field].get(i) : (long) doubles[field].get(i);
    }

    /** A copy of an array field's values. */
    public double[] getArray(int i, int field) {
        check(i);
        Columns.Lists a = arrays[field];
        int from = a.start(i);
        return Arrays.copyOfRange(a.block(i), from, from + a.length(i));
    }

    /** The number of values of array field {@code field} of output {@code i}. */
    int arrayLength(int i, int field) {
        return arrays[field].length(check(i));
    }

    /** The values of array field {@code field} of output {@code i} as row {@code row} of list column {@code column} of a Parquet row group. */
    void copyArray(int i, int field, RowGroupColumns into, int column, int row) {
        check(i);
        Columns.Lists a = arrays[field];
        into.setList(column, row, a.block(i), a.start(i), a.length(i));
    }

    /** Writes output {@code i} (times and values) into {@code into}, a reusable event of this schema. */
    public FeatureEvent read(int i, FeatureEvent into) {
        check(i);
        into.setTimes(ts.get(i), receiptTs.get(i));
        for (int f = 0; f < types.length; f++) {
            switch (types[f]) {
                case DOUBLE -> into.set(f, doubles[f].get(i));
                case LONG -> into.setLong(f, longs[f].get(i));
                case DOUBLE_ARRAY -> {
                    Columns.Lists a = arrays[f];
                    int n = a.length(i);
                    System.arraycopy(a.block(i), a.start(i), into.arrayForWrite(f, n), 0, n);
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
            if (!emittedAtOrBefore(i - 1, inputTime.get(i), inputOrder.get(i))) {
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
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : inputTime.get(a) != inputTime.get(b) ? Long.compare(inputTime.get(a), inputTime.get(b))
                : Long.compare(inputOrder.get(a), inputOrder.get(b))); // a stable merge sort
        FeatureSeries sorted = new FeatureSeries(schema);
        FeatureEvent scratch = new FeatureEvent(schema);
        for (int i : order) {
            sorted.append(read(i, scratch), inputTime.get(i), inputOrder.get(i));
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
