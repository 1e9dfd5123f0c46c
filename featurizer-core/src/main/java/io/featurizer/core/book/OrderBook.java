package io.featurizer.core.book;

import io.featurizer.core.event.BookUpdate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** An L2 order book kept from snapshot and delta {@link BookUpdate}s. */
public final class OrderBook {
    private final PriceLadder bids = PriceLadder.bids();
    private final PriceLadder asks = PriceLadder.asks();
    private boolean initialized;

    /**
     * Applies one message. Returns the smallest rank (from the best, either side) that changed, or
     * {@link PriceLadder#NO_CHANGE}; a snapshot returns 0 (the whole book was replaced).
     */
    public int apply(BookUpdate u) {
        int minRank = PriceLadder.NO_CHANGE;
        if (u.isSnapshot()) {
            bids.clear();
            asks.clear();
            initialized = true;
            minRank = 0;
        }
        for (int i = 0; i < u.bidCount(); i++) {
            minRank = Math.min(minRank, bids.set(u.bidPrice(i), u.bidSize(i)));
        }
        for (int i = 0; i < u.askCount(); i++) {
            minRank = Math.min(minRank, asks.set(u.askPrice(i), u.askSize(i)));
        }
        return minRank;
    }

    /** True once a snapshot has been applied. */
    public boolean isInitialized() {
        return initialized;
    }

    public PriceLadder bids() {
        return bids;
    }

    public PriceLadder asks() {
        return asks;
    }

    public void snapshot(DataOutput out) throws IOException {
        out.writeBoolean(initialized);
        bids.snapshot(out);
        asks.snapshot(out);
    }

    public void restore(DataInput in) throws IOException {
        initialized = in.readBoolean();
        bids.restore(in);
        asks.restore(in);
    }
}
