package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Every kind of {@link Windows} over one {@link Aggregator}: the elements in a ring buffer of primitive arrays (time and
 * {@code width} doubles each), which is also the whole snapshot; steady state allocates nothing.
 *
 * <p>A sliding window over an invertible aggregator updates and removes one intermediate. Over any other it keeps two
 * stacks: the newer elements in one intermediate ({@code back}), and for the older ones the aggregate of each element
 * with all older-stack elements after it ({@code suffix}, one intermediate per ring slot, made on first use). Evicting
 * drops the oldest suffix; when the older stack is empty, the next query or eviction rebuilds it from the elements in
 * one pass. A result merges the oldest suffix with {@code back}: amortized O(1) per element, exact when the merge is.
 */
final class WindowStage<A> extends EventStream implements Snapshottable {
    private final Windows window;
    private final Aggregator<A> agg;
    private final int width;
    private final boolean twoStacks;
    private final Windows.Kind kind; // in a field: read per element, with size, without the record's accessors
    private final long size0;
    private final FeatureEvent out; // written only to be emitted (Aggregator.finish's contract)
    private final A acc; // invertible or tumbling: the window's aggregate; two stacks: the newer stack's
    private final A scratch;
    private Object[] suffix; // two stacks: per ring slot of the older stack
    private int older; // two stacks: elements in the older stack (the oldest of the window)
    private long[] times = new long[64];
    private double[] data;
    private int head;
    private int size;

    WindowStage(Pipeline p, Schema schema, Windows window, Aggregator<A> agg) {
        super(p, schema);
        this.window = window;
        this.agg = agg;
        this.width = agg.width();
        this.twoStacks = !window.tumbling() && !agg.invertible();
        this.kind = window.kind();
        this.size0 = window.size();
        this.data = new double[times.length * width];
        this.out = new FeatureEvent(schema);
        this.acc = agg.create();
        this.scratch = twoStacks ? agg.create() : null;
        this.suffix = twoStacks ? new Object[times.length] : null;
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
        int mask = times.length - 1;
        int slot = (head + size) & mask;
        if (!agg.extract(event, data, slot * width)) {
            return;
        }
        long t = event.ts();
        if (kind == Windows.Kind.SLIDING_TIME) { // the common case first
            add(slot, t);
            while (t - times[head] > size0) {
                evict();
            }
            emitWindow(event);
        } else if (kind == Windows.Kind.SLIDING_COUNT) {
            add(slot, t);
            while (size > size0) {
                evict();
            }
            emitWindow(event);
        } else if (kind == Windows.Kind.TUMBLING_TIME) {
            if (size > 0) {
                long open = Math.floorDiv(times[head], size0);
                long bucket = Math.floorDiv(t, size0);
                if (bucket < open) {
                    return; // late: its bucket was already emitted
                }
                if (bucket > open) {
                    emit((open + 1) * size0, event.receiptTs());
                    agg.clear(acc);
                    head = slot;
                    size = 0;
                }
            }
            add(slot, t);
        } else {
            add(slot, t);
            if (size == size0) {
                emit(t, event.receiptTs());
                agg.clear(acc);
                head = (slot + 1) & mask;
                size = 0;
            }
        }
    }

    private void add(int slot, long t) {
        times[slot] = t;
        size++;
        agg.update(acc, data, slot * width);
    }

    private void evict() {
        int off = head * width;
        if (twoStacks) {
            if (older == 0) {
                flip();
            }
            older--;
        } else {
            agg.remove(acc, data, off);
        }
        head = (head + 1) & (times.length - 1);
        size--;
    }

    /** Two stacks: every element moves to the older stack, each slot getting the aggregate of itself and all after it. */
    @SuppressWarnings("unchecked")
    private void flip() {
        int mask = times.length - 1;
        A later = null;
        for (int i = size - 1; i >= 0; i--) {
            int slot = (head + i) & mask;
            A s = (A) suffix[slot];
            if (s == null) {
                s = agg.create();
                suffix[slot] = s;
            } else {
                agg.clear(s);
            }
            agg.update(s, data, slot * width);
            if (later != null) {
                agg.merge(s, later);
            }
            later = s;
        }
        older = size;
        agg.clear(acc);
    }

    @SuppressWarnings("unchecked")
    private void emitWindow(Event event) {
        A result = acc;
        if (twoStacks && older > 0) {
            agg.clear(scratch);
            agg.merge(scratch, (A) suffix[head]);
            agg.merge(scratch, acc);
            result = scratch;
        }
        if (agg.finish(result, out) && next != null) {
            out.setTimes(event.ts(), event.receiptTs());
            next.push(out); // from this stage's own code: one receiver type per call site, inlined (EventStream.next)
            forwardMore(out);
        }
    }

    private void emit(long ts, long receiptTs) {
        if (agg.finish(acc, out) && next != null) {
            out.setTimes(ts, receiptTs);
            next.push(out);
            forwardMore(out);
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
        if (twoStacks) {
            suffix = new Object[cap * 2];
            reaggregate(); // slots moved: every element back to the newer stack
        }
    }

    /** The intermediate from the elements alone (after a restore or a re-layout). */
    private void reaggregate() {
        agg.clear(acc);
        older = 0;
        for (int i = 0; i < size; i++) {
            agg.update(acc, data, ((head + i) & (times.length - 1)) * width);
        }
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeInt(size);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (times.length - 1);
            o.writeLong(times[slot]);
            for (int c = 0; c < width; c++) {
                o.writeDouble(data[slot * width + c]);
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
        if (twoStacks) {
            suffix = new Object[cap];
        }
        head = 0;
        size = n;
        for (int i = 0; i < n; i++) {
            times[i] = in.readLong();
            for (int c = 0; c < width; c++) {
                data[i * width + c] = in.readDouble();
            }
        }
        reaggregate();
    }

    @Override
    public String toString() {
        return "Window(" + window + ", " + size + " elements)";
    }
}
