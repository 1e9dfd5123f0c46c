package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.state.TimedRows;

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
 * order, what is at most {@code window} older than t. Elements are in a {@link TimedRows} ring (a time and the values per
 * trade), which is also the snapshot, written by every reader so any one can restore it.
 */
final class SharedTradeWindow implements Snapshottable {
    private final long window;
    private boolean signed;
    private boolean notional;
    private TradeSums sums; // the union of the readers' sums; made again when a reader joins (the window is empty then)
    private TradeSums.Sums acc;
    private TimedRows rows;
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
        rows = new TimedRows(sums.width(), 64);
        return this;
    }

    /** Adds the trade and evicts what left the window, once per trade however many readers call; returns the window's sums. */
    TradeSums.Sums apply(Event trade) {
        if (pendingReads > 0) {
            pendingReads--;
            return acc;
        }
        pendingReads = readers - 1;
        int off = rows.next();
        sums.extract(trade, rows.data(), off);
        long t = trade.ts();
        rows.append(t);
        sums.update(acc, rows.data(), off);
        while (t - rows.time(0) > window) {
            sums.remove(acc, rows.data(), rows.values(0));
            rows.removeOldest();
        }
        return acc;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        rows.snapshot(out);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        rows.restore(in);
        pendingReads = 0;
        sums.clear(acc);
        for (int i = 0; i < rows.size(); i++) {
            sums.update(acc, rows.data(), rows.values(i)); // exact sums: the same state as before the snapshot
        }
    }
}
