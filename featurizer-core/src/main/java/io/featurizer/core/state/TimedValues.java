package io.featurizer.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The recent values of a stream with their times, oldest first, in growable primitive rings (allocation only when
 * the ring grows): the state of as-of look-ups behind the newest value (lag, percent change, log return, open
 * interest change) and of time windows kept by hand. The values are the whole snapshot: a {@link Summary} of them (an
 * exact sum, a sorted multiset) is kept in step as values come and go, and rebuilt from them by a restore.
 */
public final class TimedValues implements Snapshottable {
    /** What a window keeps of its values besides the values: told of each one added and removed. */
    public interface Summary {
        void add(double value);

        void remove(double value);

        /** Forget every value (before a restore re-adds them in time order). */
        void clear();
    }

    private static final Summary NONE = new Summary() {
        @Override
        public void add(double value) {
        }

        @Override
        public void remove(double value) {
        }

        @Override
        public void clear() {
        }
    };

    private final Summary summary;
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    public TimedValues() {
        this(NONE);
    }

    public TimedValues(Summary summary) {
        this.summary = summary;
    }

    public int size() {
        return size;
    }

    public void add(long ts, double value) {
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) & (times.length - 1);
        times[slot] = ts;
        values[slot] = value;
        size++;
        summary.add(value);
    }

    public void removeOldest() {
        summary.remove(values[head]);
        head = (head + 1) & (times.length - 1);
        size--;
    }

    /** Drops the oldest while the next one is also at or before {@code asOf}: the oldest left is the as-of value there (if any is). */
    public void dropBefore(long asOf) {
        while (size > 1 && time(1) <= asOf) {
            removeOldest();
        }
    }

    /** Time of the i-th oldest value. */
    public long time(int i) {
        return times[(head + i) & (times.length - 1)];
    }

    /** The i-th oldest value. */
    public double value(int i) {
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
        summary.clear();
        for (int i = 0; i < n; i++) {
            add(in.readLong(), in.readDouble());
        }
    }
}
