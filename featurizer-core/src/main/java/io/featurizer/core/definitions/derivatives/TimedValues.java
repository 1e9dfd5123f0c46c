package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A FIFO of (time, value) pairs on primitive ring buffers that grow by doubling: no allocation per element in steady state. */
final class TimedValues implements Snapshottable {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    long time(int i) {
        return times[(head + i) & (times.length - 1)];
    }

    double value(int i) {
        return values[(head + i) & (times.length - 1)];
    }

    void addLast(long t, double v) {
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) & (times.length - 1);
        times[slot] = t;
        values[slot] = v;
        size++;
    }

    void removeFirst() {
        head = (head + 1) & (times.length - 1);
        size--;
    }

    private void grow() {
        long[] t = new long[times.length * 2];
        double[] v = new double[times.length * 2];
        for (int i = 0; i < size; i++) {
            t[i] = time(i);
            v[i] = value(i);
        }
        times = t;
        values = v;
        head = 0;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(time(i));
            out.writeDouble(value(i));
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        int n = in.readInt();
        head = 0;
        size = 0;
        for (int i = 0; i < n; i++) {
            addLast(in.readLong(), in.readDouble());
        }
    }
}
