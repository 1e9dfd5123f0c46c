package io.featurizer.core.definitions.returns;

import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A queue of (time, value) in time order on primitive ring buffers, for as-of look-ups behind the newest. */
final class TimedValues implements Snapshottable {
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int head;
    private int size;

    void add(long t, double v) {
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) & (times.length - 1);
        times[slot] = t;
        values[slot] = v;
        size++;
    }

    /** Drops the oldest while the next one is also at or before {@code asOf}: the oldest left is the as-of value there (if any is). */
    void dropBefore(long asOf) {
        int mask = times.length - 1;
        while (size > 1 && times[(head + 1) & mask] <= asOf) {
            head = (head + 1) & mask;
            size--;
        }
    }

    long oldestTime() {
        return times[head];
    }

    double oldestValue() {
        return values[head];
    }

    private void grow() {
        int cap = times.length;
        long[] nt = new long[cap * 2];
        double[] nv = new double[cap * 2];
        for (int i = 0; i < size; i++) {
            nt[i] = times[(head + i) & (cap - 1)];
            nv[i] = values[(head + i) & (cap - 1)];
        }
        times = nt;
        values = nv;
        head = 0;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (times.length - 1);
            out.writeLong(times[slot]);
            out.writeDouble(values[slot]);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        int n = in.readInt();
        int cap = 64;
        while (cap < n + 1) {
            cap *= 2;
        }
        times = new long[cap];
        values = new double[cap];
        head = 0;
        size = n;
        for (int i = 0; i < n; i++) {
            times[i] = in.readLong();
            values[i] = in.readDouble();
        }
    }
}
