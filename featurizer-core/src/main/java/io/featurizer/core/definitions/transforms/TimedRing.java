package io.featurizer.core.definitions.transforms;

import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The recent values of a stream with their times, oldest first, in growable primitive rings (allocation only when
 * the ring grows). The values are the whole snapshot.
 */
final class TimedRing implements Snapshottable {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    void add(long ts, double value) {
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) & (times.length - 1);
        times[slot] = ts;
        values[slot] = value;
        size++;
    }

    void removeOldest() {
        head = (head + 1) & (times.length - 1);
        size--;
    }

    /** Time of the i-th oldest value. */
    long time(int i) {
        return times[(head + i) & (times.length - 1)];
    }

    /** The i-th oldest value. */
    double value(int i) {
        return values[(head + i) & (times.length - 1)];
    }

    private void grow() {
        int cap = times.length;
        long[] nt = new long[cap * 2];
        double[] nv = new double[cap * 2];
        for (int i = 0; i < size; i++) {
            nt[i] = time(i);
            nv[i] = value(i);
        }
        times = nt;
        values = nv;
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
            add(in.readLong(), in.readDouble());
        }
    }
}
