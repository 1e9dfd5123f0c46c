package io.featurizer.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The recent values of a stream with their times, oldest first, in one growable primitive ring (allocation only when
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
    // per value its time and its bits, side by side: a window adds at one end and drops at the other, so each end is one
    // memory stream, not two (Roll's 1-minute window among the 30 features of feature-costs-30.yaml)
    private long[] ring = new long[32];
    private int head; // ring index of the oldest value's time
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
        if (2 * size == ring.length) {
            grow();
        }
        int slot = slot(size);
        ring[slot] = ts;
        ring[slot + 1] = Double.doubleToRawLongBits(value);
        size++;
        summary.add(value);
    }

    public void removeOldest() {
        summary.remove(value(0));
        head = (head + 2) & (ring.length - 1);
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
        return ring[slot(i)];
    }

    /** The i-th oldest value. */
    public double value(int i) {
        return Double.longBitsToDouble(ring[slot(i) + 1]);
    }

    private int slot(int i) {
        return (head + 2 * i) & (ring.length - 1);
    }

    private void grow() {
        long[] r = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
            r[2 * i] = ring[slot(i)];
            r[2 * i + 1] = ring[slot(i) + 1];
        }
        ring = r;
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
