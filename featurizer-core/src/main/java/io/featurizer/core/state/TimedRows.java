package io.featurizer.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Rows of a time and {@code width} values, oldest first, in one growable ring of doubles: per slot the time's raw bits
 * (any long, a NaN's pattern too, kept bit for bit), then the values. The ring of every window kept by hand or by a
 * pipeline stage (WindowStage, the shared trade window, {@link TimedValues}); steady state allocates nothing. One array,
 * not a time array beside value arrays: a window adds at one end and evicts at the other, so each end is one memory
 * stream instead of several (the 30 features of feature-costs-30.yaml hold ~20 windows that outgrow the cache:
 * 606-648 → 580-634 ns per input, FeatureCosts). The rows are the whole snapshot.
 */
public final class TimedRows implements Snapshottable {
    private final int width;
    private final int stride;
    private final int minCapacity;
    private int capacity; // slots, a power of two
    private double[] data;
    private int head; // slot of the oldest row
    private int size;

    /** A ring of rows of {@code width} values, with room for {@code capacity} rows (a power of two) before it grows. */
    public TimedRows(int width, int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.width = width;
        this.stride = width + 1;
        this.minCapacity = capacity;
        this.capacity = capacity;
        this.data = new double[capacity * stride];
    }

    public int size() {
        return size;
    }

    /** Rows the ring holds before it grows; a slot index is below it. */
    public int capacity() {
        return capacity;
    }

    /** The array that value offsets index: replaced when the ring grows, so read it again after {@link #next}. */
    public double[] data() {
        return data;
    }

    /**
     * The offset in {@link #data} of the values of the row the next {@link #append} adds, the ring grown first when full
     * (the rows then move: slots and offsets change). A caller may write them there and then not append.
     */
    public int next() {
        if (size == capacity) {
            grow();
        }
        return ((head + size) & (capacity - 1)) * stride + 1;
    }

    /** Appends the row whose values were written at {@link #next}, at time {@code t}. */
    public void append(long t) {
        data[((head + size) & (capacity - 1)) * stride] = Double.longBitsToDouble(t);
        size++;
    }

    /** Time of the i-th oldest row. */
    public long time(int i) {
        return Double.doubleToRawLongBits(data[slot(i) * stride]);
    }

    /** Offset in {@link #data} of the i-th oldest row's values. */
    public int values(int i) {
        return slot(i) * stride + 1;
    }

    /** Ring slot of the i-th oldest row, for what a caller keeps per slot. */
    public int slot(int i) {
        return (head + i) & (capacity - 1);
    }

    public void removeOldest() {
        head = (head + 1) & (capacity - 1);
        size--;
    }

    /** Removes every row; the next row is appended where the ring is (a tumbling window's new bucket). */
    public void removeAll() {
        head = (head + size) & (capacity - 1);
        size = 0;
    }

    private void grow() {
        double[] nd = new double[capacity * 2 * stride];
        for (int i = 0; i < size; i++) {
            System.arraycopy(data, slot(i) * stride, nd, i * stride, stride);
        }
        capacity *= 2;
        data = nd;
        head = 0;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            int at = slot(i) * stride;
            out.writeLong(Double.doubleToRawLongBits(data[at]));
            for (int c = 1; c <= width; c++) {
                out.writeDouble(data[at + c]);
            }
        }
    }

    /** The rows of a snapshot, oldest first from slot 0; a caller rebuilds what it derives from them. */
    @Override
    public void restore(DataInput in) throws IOException {
        int n = in.readInt();
        int cap = minCapacity;
        while (cap < n + 1) {
            cap *= 2;
        }
        capacity = cap;
        data = new double[cap * stride];
        head = 0;
        size = n;
        for (int i = 0; i < n; i++) {
            data[i * stride] = Double.longBitsToDouble(in.readLong());
            for (int c = 1; c <= width; c++) {
                data[i * stride + c] = in.readDouble();
            }
        }
    }
}
