package io.featurizer.core.book;

import io.featurizer.core.event.BookUpdate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One order book read by several operators of a graph (every L2 snapshot depth over one source).
 * Each reader passes every message of the source, in the same propagation, so the first call for a
 * message applies it and the other readers' calls return the same result: one book update per
 * message however many depths are computed. Deltas before the first snapshot are ignored and counted.
 */
public final class SharedOrderBook implements io.featurizer.core.state.Snapshottable {
    private final OrderBook book;
    private int readers;
    private int pendingReads;
    private int lastRank = PriceLadder.NO_CHANGE;
    private long deltasBeforeSnapshot;

    private int deepestReader; // levels the deepest reader mirrors; -1: the full book

    /** A book on the grid each snapshot shows. */
    public SharedOrderBook() {
        this.book = new OrderBook();
    }

    /** A book of the given price step ({@link OrderBook#withTick}); NaN: learned from each snapshot. */
    public SharedOrderBook(double tick) {
        this.book = Double.isNaN(tick) ? new OrderBook() : OrderBook.withTick(tick);
    }

    /** Registers one more reader; each reader must then call {@link #apply} for every message. */
    public SharedOrderBook addReader() {
        return addReader(-1);
    }

    /**
     * Registers a reader that mirrors the top {@code depth} levels (-1 or 0: the full book): ranks past the
     * deepest reader's are then not counted (see {@link OrderBook#limitRanks}).
     */
    public SharedOrderBook addReader(int depth) {
        readers++;
        deepestReader = readers == 1 ? depth : (depth <= 0 || deepestReader <= 0 ? -1 : Math.max(depth, deepestReader));
        book.limitRanks(deepestReader);
        return this;
    }

    /** Applies the message (once per message across readers); returns the smallest changed rank, or NO_CHANGE. */
    public int apply(BookUpdate u) {
        if (pendingReads > 0) {
            pendingReads--;
            return lastRank;
        }
        pendingReads = readers - 1;
        if (!u.isSnapshot() && !book.isInitialized()) {
            deltasBeforeSnapshot++;
            lastRank = PriceLadder.NO_CHANGE;
        } else {
            lastRank = book.apply(u);
        }
        return lastRank;
    }

    public OrderBook book() {
        return book;
    }

    public long deltasBeforeSnapshot() {
        return deltasBeforeSnapshot;
    }

    /** Written by every reader (snapshots are taken between messages), so any one can restore it. */
    @Override
    public void snapshot(DataOutput out) throws IOException {
        book.snapshot(out);
        out.writeLong(deltasBeforeSnapshot);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        book.restore(in);
        deltasBeforeSnapshot = in.readLong();
        pendingReads = 0;
    }
}
