package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Every kind of {@link Windows} over one {@link Aggregator}: the elements in a ring buffer of one double array (per slot
 * the time's raw bits, then {@code width} values), which is also the whole snapshot; steady state allocates nothing. One
 * array, not a time array beside a value array: a window adds at one end and evicts at the other, so each is one memory
 * stream instead of two (the 30 features of feature-costs-30.yaml hold ~20 windows that outgrow the cache:
 * 606-648 → 580-634 ns per input, FeatureCosts).
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
    private int capacity = 64; // slots, a power of two
    private final int stride; // doubles per slot: the time (raw bits: any long, a NaN's pattern too, kept bit for bit) and width values
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
        this.stride = width + 1;
        this.data = new double[capacity * stride];
        this.out = new FeatureEvent(schema);
        this.acc = agg.create();
        this.scratch = twoStacks ? agg.create() : null;
        this.suffix = twoStacks ? new Object[capacity] : null;
    }

    @Override
    protected boolean ownsOutput() {
        return true;
    }

    @Override
    protected void push(Event event) {
        if (size == capacity) {
            grow();
        }
        int mask = capacity - 1;
        int slot = (head + size) & mask;
        if (!agg.extract(event, data, slot * stride + 1)) {
            return;
        }
        long t = event.ts();
        if (kind == Windows.Kind.SLIDING_TIME) { // the common case first
            add(slot, t);
            while (t - time(head) > size0) {
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
                long open = Math.floorDiv(time(head), size0);
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
        data[slot * stride] = Double.longBitsToDouble(t);
        size++;
        agg.update(acc, data, slot * stride + 1);
    }

    private void evict() {
        int off = head * stride + 1;
        if (twoStacks) {
            if (older == 0) {
                flip();
            }
            older--;
        } else {
            agg.remove(acc, data, off);
        }
        head = (head + 1) & (capacity - 1);
        size--;
    }

    /** Two stacks: every element moves to the older stack, each slot getting the aggregate of itself and all after it. */
    @SuppressWarnings("unchecked")
    private void flip() {
        int mask = capacity - 1;
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
            agg.update(s, data, slot * stride + 1);
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
        double[] nd = new double[capacity * 2 * stride];
        for (int i = 0; i < size; i++) {
            System.arraycopy(data, ((head + i) & (capacity - 1)) * stride, nd, i * stride, stride);
        }
        capacity *= 2;
        data = nd;
        head = 0;
        if (twoStacks) {
            suffix = new Object[capacity];
            reaggregate(); // slots moved: every element back to the newer stack
        }
    }

    private long time(int slot) {
        return Double.doubleToRawLongBits(data[slot * stride]);
    }

    /** The intermediate from the elements alone (after a restore or a re-layout). */
    private void reaggregate() {
        agg.clear(acc);
        older = 0;
        for (int i = 0; i < size; i++) {
            agg.update(acc, data, ((head + i) & (capacity - 1)) * stride + 1);
        }
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeInt(size);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (capacity - 1);
            o.writeLong(time(slot));
            for (int c = 1; c <= width; c++) {
                o.writeDouble(data[slot * stride + c]);
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
        capacity = cap;
        data = new double[cap * stride];
        if (twoStacks) {
            suffix = new Object[cap];
        }
        head = 0;
        size = n;
        for (int i = 0; i < n; i++) {
            data[i * stride] = Double.longBitsToDouble(in.readLong());
            for (int c = 1; c <= width; c++) {
                data[i * stride + c] = in.readDouble();
            }
        }
        reaggregate();
    }

    @Override
    public String toString() {
        return "Window(" + window + ", " + size + " elements)";
    }
}
