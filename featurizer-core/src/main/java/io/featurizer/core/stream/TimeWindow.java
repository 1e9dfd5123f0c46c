package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A time lookback window: a ring buffer of (ts, values) in primitive arrays. At an event with time
 * {@code t} it holds the inputs with {@code t - w <= ts <= t} (the original's rule: drop from the
 * front while {@code t - first.ts > w}), updating the aggregator incrementally. Steady state
 * allocates nothing; the ring grows by doubling when a window holds more elements than ever before.
 */
final class TimeWindow extends EventStream implements Snapshottable, WindowAggregator.Window {
    private final long windowNanos;
    private final WindowAggregator agg;
    private final int width;
    private final FeatureEvent out; // written only to be emitted (WindowAggregator.result's contract)
    private long[] times = new long[64];
    private double[] data;
    private int head; // index of the oldest element
    private int size;

    TimeWindow(Pipeline p, Schema schema, long windowNanos, WindowAggregator agg) {
        super(p, schema);
        this.windowNanos = windowNanos;
        this.agg = agg;
        this.width = agg.width();
        this.data = new double[64 * width];
        this.out = new FeatureEvent(schema);
    }

    @Override
    protected boolean ownsOutput() {
        return true;
    }

    @Override
    protected void push(Event event) {
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) & (times.length - 1);
        if (!agg.extract(event, data, slot * width)) {
            return;
        }
        times[slot] = event.ts();
        size++;
        agg.add(data, slot * width);
        long t = event.ts();
        while (size > 0 && t - times[head] > windowNanos) {
            agg.remove(data, head * width);
            head = (head + 1) & (times.length - 1);
            size--;
        }
        if (agg.result(this, out)) {
            out.setTimes(event.ts(), event.receiptTs());
            if (next != null) {
                next.push(out);
                forwardMore(out);
            }
        }
    }

    private void grow() {
        int cap = times.length;
        long[] nt = new long[cap * 2];
        double[] nd = new double[cap * 2 * width];
        for (int i = 0; i < size; i++) {
            int src = (head + i) & (cap - 1);
            nt[i] = times[src];
            System.arraycopy(data, src * width, nd, i * width, width);
        }
        times = nt;
        data = nd;
        head = 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long tsAt(int i) {
        return times[(head + i) & (times.length - 1)];
    }

    @Override
    public double valueAt(int i, int column) {
        return data[((head + i) & (times.length - 1)) * width + column];
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeInt(size);
        for (int i = 0; i < size; i++) {
            o.writeLong(tsAt(i));
            for (int c = 0; c < width; c++) {
                o.writeDouble(valueAt(i, c));
            }
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
        data = new double[cap * width];
        head = 0;
        size = n;
        agg.reset();
        for (int i = 0; i < n; i++) {
            times[i] = in.readLong();
            for (int c = 0; c < width; c++) {
                data[i * width + c] = in.readDouble();
            }
            agg.add(data, i * width);
        }
    }

    @Override
    public String toString() {
        return "TimeWindow(" + windowNanos + "ns, " + size + " elements)";
    }
}
