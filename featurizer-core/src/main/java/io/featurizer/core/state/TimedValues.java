package io.featurizer.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The recent values of a stream with their times, oldest first, in a {@link TimedRows} ring of one value per row: the
 * state of as-of look-ups behind the newest value (lag, percent change, log return, open interest change) and of time
 * windows kept by hand. The values are the whole snapshot: a {@link Summary} of them (an
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
    private final TimedRows rows = new TimedRows(1, 16);

    public TimedValues() {
        this(NONE);
    }

    public TimedValues(Summary summary) {
        this.summary = summary;
    }

    public int size() {
        return rows.size();
    }

    public void add(long ts, double value) {
        int off = rows.next();
        rows.data()[off] = value;
        rows.append(ts);
        summary.add(value);
    }

    public void removeOldest() {
        summary.remove(value(0));
        rows.removeOldest();
    }

    /** Drops the oldest while the next one is also at or before {@code asOf}: the oldest left is the as-of value there (if any is). */
    public void dropBefore(long asOf) {
        while (rows.size() > 1 && rows.time(1) <= asOf) {
            removeOldest();
        }
    }

    /** Time of the i-th oldest value. */
    public long time(int i) {
        return rows.time(i);
    }

    /** The i-th oldest value. */
    public double value(int i) {
        return rows.data()[rows.values(i)];
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        rows.snapshot(out);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        rows.restore(in);
        summary.clear();
        for (int i = 0; i < rows.size(); i++) {
            summary.add(value(i));
        }
    }
}
