package io.featurizer.core.book;

import io.featurizer.core.event.BookUpdate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An L2 order book kept from snapshot and delta {@link BookUpdate}s. After each {@link #apply} it
 * tells, per side, what changed ({@link Changes}), so a consumer that mirrors the top levels can
 * rewrite only those.
 */
public final class OrderBook {
    private final PriceLadder bids = PriceLadder.bids();
    private final PriceLadder asks = PriceLadder.asks();
    private final Changes bidChanges = new Changes();
    private final Changes askChanges = new Changes();
    /**
     * Books whose snapshot has at most this many levels a side stay in sorted arrays: near-top changes
     * then touch a few array elements, which beat the tick layout's bitmap (measured: the issue-2
     * harness, 50 levels a side, 10.0 M events/s sorted, 8.8 M tick-indexed); deep books gain from
     * ticks (KernelVsEngine, ~1,000-tick snapshot: 1.9 M to 3.4 M events/s at depth 1).
     */
    static final int SORTED_UP_TO = 100;
    private final boolean tickIndexed;
    private final int configuredDecimals; // the configured tick's decimals, or -1: learned from each snapshot
    private int rankLimit = PriceLadder.NO_CHANGE;
    private boolean initialized;
    private boolean lastWasSnapshot;

    /**
     * A book whose sides are indexed by tick, on the grid each snapshot's prices show (see {@link TickSize}),
     * when a snapshot is deeper than {@link #SORTED_UP_TO} levels a side; else sorted arrays.
     */
    public OrderBook() {
        this(true);
    }

    /** {@code tickIndexed} false keeps both sides in sorted arrays whatever the prices (same contents and answers). */
    public OrderBook(boolean tickIndexed) {
        this.tickIndexed = tickIndexed;
        this.configuredDecimals = -1;
    }

    /**
     * A book indexed on a configured tick ({@code tick_size} of {@code l2_book}) when a snapshot is deep, instead
     * of the grid the snapshot shows (which may be coarser than the venue's tick: a price on a finer step then
     * moves that side to the sorted layout until the next snapshot). Same contents and answers either way.
     */
    public static OrderBook withTick(double tick) {
        int d = TickSize.decimalsOf(tick);
        if (!(tick > 0) || d < 0) {
            throw new IllegalArgumentException("tick size " + tick + " is not a positive price step with at most " + TickSize.MAX_DECIMALS + " decimals");
        }
        return new OrderBook(d);
    }

    private OrderBook(int configuredDecimals) {
        this.tickIndexed = true;
        this.configuredDecimals = configuredDecimals;
    }

    /** What the last message changed on one side: the ranks whose size changed, or that ranks shifted. */
    public static final class Changes {
        private static final int MAX = 16;
        private final int[] ranks = new int[MAX];
        private int count;
        private int minRank;
        private boolean structural; // a level was inserted or deleted: ranks from minRank down shifted
        private boolean overflow; // more size changes than tracked: treat as a range from minRank

        void reset() {
            count = 0;
            minRank = PriceLadder.NO_CHANGE;
            structural = false;
            overflow = false;
        }

        void record(int rank, boolean structuralChange) {
            if (rank == PriceLadder.NO_CHANGE) {
                return;
            }
            minRank = Math.min(minRank, rank);
            structural |= structuralChange;
            if (count < MAX) {
                ranks[count++] = rank;
            } else {
                overflow = true;
            }
        }

        /** Smallest changed rank, or {@link PriceLadder#NO_CHANGE}. */
        public int minRank() {
            return minRank;
        }

        /** True when every rank from {@link #minRank()} down may have changed (inserts, deletes, many changes). */
        public boolean isRange() {
            return structural || overflow;
        }

        /** Number of ranks whose size changed in place (when not a range). */
        public int count() {
            return count;
        }

        public int rank(int i) {
            return ranks[i];
        }
    }

    /**
     * Applies one message. Returns the smallest rank (from the best, either side) that changed, or
     * {@link PriceLadder#NO_CHANGE}; a snapshot returns 0 (the whole book was replaced).
     */
    public int apply(BookUpdate u) {
        bidChanges.reset();
        askChanges.reset();
        lastWasSnapshot = u.isSnapshot();
        if (lastWasSnapshot) {
            boolean deep = Math.max(u.bidCount(), u.askCount()) > SORTED_UP_TO;
            int decimals = !tickIndexed || !deep ? -1 : configuredDecimals >= 0 ? configuredDecimals : TickSize.decimals(u);
            bids.clear(decimals);
            asks.clear(decimals);
            initialized = true;
        }
        bids.setAll(u.getArray(BookUpdate.BID_PRICES), u.getArray(BookUpdate.BID_SIZES), u.bidCount(), bidChanges);
        asks.setAll(u.getArray(BookUpdate.ASK_PRICES), u.getArray(BookUpdate.ASK_SIZES), u.askCount(), askChanges);
        return lastWasSnapshot ? 0 : Math.min(bidChanges.minRank, askChanges.minRank);
    }

    /**
     * Changes at ranks at or past {@code limit} are not recorded in {@link Changes} nor returned by
     * {@link #apply} (for readers that mirror at most that many levels; see {@link PriceLadder#limitRanks});
     * 0 or less: every change, with exact ranks.
     */
    public void limitRanks(int limit) {
        rankLimit = limit <= 0 ? PriceLadder.NO_CHANGE : limit;
        bids.limitRanks(rankLimit);
        asks.limitRanks(rankLimit);
    }

    /** True when the last message was a snapshot (the whole book was replaced). */
    public boolean lastWasSnapshot() {
        return lastWasSnapshot;
    }

    public Changes bidChanges() {
        return bidChanges;
    }

    public Changes askChanges() {
        return askChanges;
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

    /**
     * Appends the top {@code depth} levels of each side (all of them when {@code depth} is 0 or negative) to
     * {@code out}, best first. The caller resets {@code out} first (times, snapshot flag, sequence), so the
     * same book can be written as a snapshot message or as a one-off delta.
     */
    public BookUpdate writeSnapshot(int depth, BookUpdate out) {
        int nb = depth <= 0 ? bids.count() : Math.min(depth, bids.count());
        for (int i = 0; i < nb; i++) {
            out.addBid(bids.price(i), bids.size(i));
        }
        int na = depth <= 0 ? asks.count() : Math.min(depth, asks.count());
        for (int i = 0; i < na; i++) {
            out.addAsk(asks.price(i), asks.size(i));
        }
        return out;
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
