package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.state.TimedRows;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Every kind of {@link Windows} over one {@link Aggregator}: the elements in a {@link TimedRows} ring (a time and
 * {@code width} values per element), which is also the whole snapshot; steady state allocates nothing.
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
    private final boolean twoStacks;
    private final Windows.Kind kind; // in a field: read per element, with size, without the record's accessors
    private final long size0;
    private final FeatureEvent out; // written only to be emitted (Aggregator.finish's contract)
    private final A acc; // invertible or tumbling: the window's aggregate; two stacks: the newer stack's
    private final A scratch;
    private Object[] suffix; // two stacks: per ring slot of the older stack
    private int older; // two stacks: elements in the older stack (the oldest of the window)
    private final TimedRows rows;

    WindowStage(Pipeline p, Schema schema, Windows window, Aggregator<A> agg) {
        super(p, schema);
        this.window = window;
        this.agg = agg;
        this.twoStacks = !window.tumbling() && !agg.invertible();
        this.kind = window.kind();
        this.size0 = window.size();
        this.rows = new TimedRows(agg.width(), 64);
        this.out = new FeatureEvent(schema);
        this.acc = agg.create();
        this.scratch = twoStacks ? agg.create() : null;
        this.suffix = twoStacks ? new Object[rows.capacity()] : null;
    }

    @Override
    protected boolean ownsOutput() {
        return true;
    }

    @Override
    protected void push(Event event) {
        int capacity = rows.capacity();
        int off = rows.next();
        if (twoStacks && rows.capacity() != capacity) { // the ring grew: slots moved, every element back to the newer stack
            suffix = new Object[rows.capacity()];
            reaggregate();
        }
        if (!agg.extract(event, rows.data(), off)) {
            return;
        }
        long t = event.ts();
        if (kind == Windows.Kind.SLIDING_TIME) { // the common case first
            add(off, t);
            while (t - rows.time(0) > size0) {
                evict();
            }
            emitWindow(event);
        } else if (kind == Windows.Kind.SLIDING_COUNT) {
            add(off, t);
            while (rows.size() > size0) {
                evict();
            }
            emitWindow(event);
        } else if (kind == Windows.Kind.TUMBLING_TIME) {
            if (rows.size() > 0) {
                long open = Math.floorDiv(rows.time(0), size0);
                long bucket = Math.floorDiv(t, size0);
                if (bucket < open) {
                    return; // late: its bucket was already emitted
                }
                if (bucket > open) {
                    emit((open + 1) * size0, event.receiptTs());
                    agg.clear(acc);
                    rows.removeAll();
                }
            }
            add(off, t);
        } else {
            add(off, t);
            if (rows.size() == size0) {
                emit(t, event.receiptTs());
                agg.clear(acc);
                rows.removeAll();
            }
        }
    }

    private void add(int off, long t) {
        rows.append(t);
        agg.update(acc, rows.data(), off);
    }

    private void evict() {
        if (twoStacks) {
            if (older == 0) {
                flip();
            }
            older--;
        } else {
            agg.remove(acc, rows.data(), rows.values(0));
        }
        rows.removeOldest();
    }

    /** Two stacks: every element moves to the older stack, each slot getting the aggregate of itself and all after it. */
    @SuppressWarnings("unchecked")
    private void flip() {
        A later = null;
        for (int i = rows.size() - 1; i >= 0; i--) {
            int slot = rows.slot(i);
            A s = (A) suffix[slot];
            if (s == null) {
                s = agg.create();
                suffix[slot] = s;
            } else {
                agg.clear(s);
            }
            agg.update(s, rows.data(), rows.values(i));
            if (later != null) {
                agg.merge(s, later);
            }
            later = s;
        }
        older = rows.size();
        agg.clear(acc);
    }

    @SuppressWarnings("unchecked")
    private void emitWindow(Event event) {
        A result = acc;
        if (twoStacks && older > 0) {
            agg.clear(scratch);
            agg.merge(scratch, (A) suffix[rows.slot(0)]);
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

    /** The intermediate from the elements alone (after a restore or a re-layout). */
    private void reaggregate() {
        agg.clear(acc);
        older = 0;
        for (int i = 0; i < rows.size(); i++) {
            agg.update(acc, rows.data(), rows.values(i));
        }
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        rows.snapshot(o);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        rows.restore(in);
        if (twoStacks) {
            suffix = new Object[rows.capacity()];
        }
        reaggregate();
    }

    @Override
    public String toString() {
        return "Window(" + window + ", " + rows.size() + " elements)";
    }
}
