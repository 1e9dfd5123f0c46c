package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One sliding trade window read by every trade-flow feature of a graph over the same trades and window
 * ({@code flow.trade_count}, {@code signed_volume}, {@code arrival_rate}, {@code trade_count_imbalance}, {@code vwap}): one
 * ring and one set of exact sums instead of one per feature. Each reader passes every trade, in the same propagation (as
 * for {@link io.featurizer.core.book.SharedOrderBook}), so the first call for a trade adds it and evicts what left the
 * window, and the other readers' calls find it done. The sums kept are those any reader reads.
 *
 * <p>The window's rule is {@code WindowStage}'s for a sliding time window: at a trade with time t the ring keeps, in arrival
 * order, what is at most {@code window} older than t. Elements are in one double array (per slot the time's raw bits, then
 * the values), which is also the snapshot, written by every reader so any one can restore it.
 */
final class SharedTradeWindow implements Snapshottable {
    private final long window;
    private boolean signed;
    private boolean notional;
    private TradeSums sums; // the union of the readers' sums; made again when a reader joins (the window is empty then)
    private TradeSums.Sums acc;
    private int stride;
    private int capacity = 64; // slots, a power of two
    private double[] ring;
    private int head;
    private int size;
    private int readers;
    private int pendingReads;

    SharedTradeWindow(long window) {
        this.window = window;
    }

    /** Registers one more reader, whose sums the window then keeps too; each reader must then call {@link #apply} for every trade. */
    SharedTradeWindow addReader(TradeSums reader) {
        readers++;
        signed |= reader.keepsSigned();
        notional |= reader.keepsNotional();
        sums = new TradeSums(signed, notional) {
            @Override
            public boolean finish(Sums s, FeatureEvent out) {
                throw new UnsupportedOperationException("the shared window's sums are finished by each reader");
            }
        };
        acc = sums.create();
        stride = sums.width() + 1;
        ring = new double[capacity * stride];
        return this;
    }

    /** Adds the trade and evicts what left the window, once per trade however many readers call; returns the window's sums. */
    TradeSums.Sums apply(Event trade) {
        if (pendingReads > 0) {
            pendingReads--;
            return acc;
        }
        pendingReads = readers - 1;
        if (size == capacity) {
            grow();
        }
        int slot = ((head + size) & (capacity - 1)) * stride;
        sums.extract(trade, ring, slot + 1);
        long t = trade.ts();
        ring[slot] = Double.longBitsToDouble(t);
        size++;
        sums.update(acc, ring, slot + 1);
        while (t - Double.doubleToRawLongBits(ring[head * stride]) > window) {
            sums.remove(acc, ring, head * stride + 1);
            head = (head + 1) & (capacity - 1);
            size--;
        }
        return acc;
    }

    private void grow() {
        double[] r = new double[capacity * 2 * stride];
        for (int i = 0; i < size; i++) {
            System.arraycopy(ring, ((head + i) & (capacity - 1)) * stride, r, i * stride, stride);
        }
        capacity *= 2;
        ring = r;
        head = 0;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            int slot = ((head + i) & (capacity - 1)) * stride;
            out.writeLong(Double.doubleToRawLongBits(ring[slot]));
            for (int c = 1; c < stride; c++) {
                out.writeDouble(ring[slot + c]);
            }
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        int n = in.readInt();
        capacity = 64;
        while (capacity < n + 1) {
            capacity *= 2;
        }
        ring = new double[capacity * stride];
        head = 0;
        size = n;
        pendingReads = 0;
        sums.clear(acc);
        for (int i = 0; i < n; i++) {
            ring[i * stride] = Double.longBitsToDouble(in.readLong());
            for (int c = 1; c < stride; c++) {
                ring[i * stride + c] = in.readDouble();
            }
            sums.update(acc, ring, i * stride + 1); // exact sums: the same state as before the snapshot
        }
    }
}
