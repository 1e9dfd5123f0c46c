package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Trade;

/**
 * The peer of the engine in {@link KernelVsEngine}: the same feature set written by hand for one
 * instrument, single-threaded, no framework. Book from L2 snapshots and deltas (each side a primitive
 * array indexed by price tick: the kernel knows its instrument's tick), its top {@code depth} levels, mid, relative
 * spread, population standard deviation of the mid over a time window and trade-volume imbalance
 * over a time window, with one combined record per input that changed any of them (the engine's
 * rule: a snapshot that differs from the last one, a mid or spread whose value changed, a
 * volatility per new mid, a TVI per trade; and only once all five have a value).
 *
 * <p>Its arithmetic is its own, so the bench's agreement check is independent of the engine's:
 * <ul>
 *   <li>book, snapshot, mid, spread: the same doubles and the same formulas, so equal bit for bit;</li>
 *   <li>volatility: the mid in half ticks as a {@code long} (the kernel knows its instrument's tick),
 *       exact integer sums of (m - m0) and (m - m0)^2, so n·Σd² − (Σd)² is exact; the engine sums the
 *       doubles exactly (fixed point), so the two differ only by the mid's own double rounding;</li>
 *   <li>TVI: plain running double sums of buy and sell notional (what a kernel would write); the
 *       engine's are exact, so the values agree to rounding.</li>
 * </ul>
 * Not thread-safe.
 */
final class HandWrittenKernel {
    private final int depth;
    private final double halfTicksPerUnit;
    private final long windowNanos;

    private final Ladder bids;
    private final Ladder asks;
    private boolean bookReady;

    // the record: the last value of every output and the input time it belongs to
    final double[] bidPrices;
    final double[] bidSizes;
    final double[] askPrices;
    final double[] askSizes;
    int bidCount;
    int askCount;
    double mid;
    double spread;
    double volatility;
    double tvi;
    long ts;
    long receiptTs;
    private boolean hasMid;
    private boolean hasTvi;

    // volatility window: ring of (ts, mid in half ticks - m0); exact long sums
    private long[] volTs = new long[1 << 12];
    private long[] volD = new long[1 << 12];
    private int volHead;
    private int volSize;
    private long m0 = Long.MIN_VALUE;
    private long sumD;
    private long sumD2;

    // TVI window: ring of (ts, buy notional, sell notional); plain double sums
    private long[] tviTs = new long[1 << 10];
    private double[] tviBuy = new double[1 << 10];
    private double[] tviSell = new double[1 << 10];
    private int tviHead;
    private int tviSize;
    private double buySum;
    private double sellSum;

    /**
     * @param depth      levels per side in the snapshot
     * @param tickSize   the instrument's price tick (mid prices are multiples of half of it)
     * @param windowNanos the volatility and TVI window
     */
    HandWrittenKernel(int depth, double tickSize, long windowNanos) {
        this.depth = depth;
        this.halfTicksPerUnit = 2 / tickSize;
        this.windowNanos = windowNanos;
        bidPrices = new double[depth];
        bidSizes = new double[depth];
        askPrices = new double[depth];
        askSizes = new double[depth];
        bids = new Ladder(1.0, tickSize, bidPrices, bidSizes);
        asks = new Ladder(-1.0, tickSize, askPrices, askSizes);
    }

    /** One book message; true when it produced a combined record. */
    boolean onBook(BookUpdate u) {
        if (u.isSnapshot()) {
            bids.clear();
            asks.clear();
            bookReady = true;
        } else if (!bookReady) {
            return false;
        }
        for (int i = 0, n = u.bidCount(); i < n; i++) {
            bids.set(u.bidPrice(i), u.bidSize(i));
        }
        for (int i = 0, n = u.askCount(); i < n; i++) {
            asks.set(u.askPrice(i), u.askSize(i));
        }
        boolean changed = bids.refreshTop(depth) | asks.refreshTop(depth); // both, always
        bidCount = bids.n;
        askCount = asks.n;
        if (!changed) {
            return false; // the top levels are as last emitted: no output changed
        }
        ts = u.ts();
        receiptTs = u.receiptTs();
        if (bidCount > 0 && askCount > 0) {
            double bid = bidPrices[0];
            double ask = askPrices[0];
            double m = (bid + ask) / 2;
            double s = 2 * Math.abs(bid - ask) / (bid + ask);
            spread = s; // a change of spread alone needs no more work: the record changed anyway
            if (!hasMid || Double.doubleToLongBits(m) != Double.doubleToLongBits(mid)) {
                mid = m;
                hasMid = true;
                addMid(u.ts(), m);
            }
        }
        return hasMid && hasTvi;
    }

    private void addMid(long t, double m) {
        long half = Math.round(m * halfTicksPerUnit);
        if (m0 == Long.MIN_VALUE) {
            m0 = half;
        }
        long d = half - m0;
        if (volSize == volTs.length) {
            growVol();
        }
        int slot = (volHead + volSize) & (volTs.length - 1);
        volTs[slot] = t;
        volD[slot] = d;
        volSize++;
        sumD += d;
        sumD2 += d * d;
        while (t - volTs[volHead] > windowNanos) {
            long old = volD[volHead];
            sumD -= old;
            sumD2 -= old * old;
            volHead = (volHead + 1) & (volTs.length - 1);
            volSize--;
        }
        long n = volSize;
        long num = n * sumD2 - sumD * sumD; // exact: |d| stays far below 2^20 half ticks here
        volatility = n <= 1 || num <= 0 ? 0.0 : Math.sqrt((double) num) / n / halfTicksPerUnit;
    }

    /** One trade; true when it produced a combined record. */
    boolean onTrade(Trade t) {
        double notional = t.price() * t.amount();
        double b = t.isBuy() ? notional : 0;
        double s = t.isBuy() ? 0 : notional;
        if (tviSize == tviTs.length) {
            growTvi();
        }
        int slot = (tviHead + tviSize) & (tviTs.length - 1);
        long time = t.ts();
        tviTs[slot] = time;
        tviBuy[slot] = b;
        tviSell[slot] = s;
        tviSize++;
        buySum += b;
        sellSum += s;
        while (time - tviTs[tviHead] > windowNanos) {
            buySum -= tviBuy[tviHead];
            sellSum -= tviSell[tviHead];
            tviHead = (tviHead + 1) & (tviTs.length - 1);
            tviSize--;
        }
        tvi = buySum + sellSum == 0 ? 0.0 : 2 * (buySum - sellSum) / (buySum + sellSum);
        hasTvi = true;
        ts = time;
        receiptTs = t.receiptTs();
        return hasMid;
    }

    private void growVol() {
        int cap = volTs.length;
        long[] t = new long[cap * 2];
        long[] d = new long[cap * 2];
        for (int i = 0; i < volSize; i++) {
            t[i] = volTs[(volHead + i) & (cap - 1)];
            d[i] = volD[(volHead + i) & (cap - 1)];
        }
        volTs = t;
        volD = d;
        volHead = 0;
    }

    private void growTvi() {
        int cap = tviTs.length;
        long[] t = new long[cap * 2];
        double[] b = new double[cap * 2];
        double[] s = new double[cap * 2];
        for (int i = 0; i < tviSize; i++) {
            int k = (tviHead + i) & (cap - 1);
            t[i] = tviTs[k];
            b[i] = tviBuy[k];
            s[i] = tviSell[k];
        }
        tviTs = t;
        tviBuy = b;
        tviSell = s;
        tviHead = 0;
    }

    /**
     * One side indexed by price tick (what a kernel for one known instrument does): slot = key - base
     * with key = ticks for bids and -ticks for asks, so the best level is the highest occupied slot on
     * both sides. Holds the parsed price per slot, so the snapshot shows the input's exact doubles.
     * Mirrors its top levels into the record incrementally: a size change of a level in the top is
     * written in place, an insert or delete in the top shifts the mirrored levels (and a delete pulls
     * the next level up); only a book snapshot walks the top again.
     */
    private static final class Ladder {
        private static final int SLOTS = 1 << 20;
        private final double sign;
        private final double ticksPerUnit;
        final double[] prices = new double[SLOTS];
        final double[] sizes = new double[SLOTS];
        long base = Long.MIN_VALUE;
        int best = -1; // highest occupied slot, -1 when empty
        int count;
        // the top levels as last mirrored into the record
        final double[] outPrices;
        final double[] outSizes;
        final int[] topSlots;
        int n;
        int limit = -1; // slot of the last mirrored level when the top is full; a change below it leaves the top unchanged
        boolean walk = true; // a level was inserted or removed in the top: walk it again
        int dirtyFrom = Integer.MAX_VALUE; // first mirrored index changed since the last refresh
        final double[] lastPrices; // the top as last reported
        final double[] lastSizes;
        int lastN;

        Ladder(double sign, double tickSize, double[] outPrices, double[] outSizes) {
            this.sign = sign;
            this.ticksPerUnit = 1 / tickSize;
            this.outPrices = outPrices;
            this.outSizes = outSizes;
            this.topSlots = new int[outPrices.length];
            this.lastPrices = new double[outPrices.length];
            this.lastSizes = new double[outPrices.length];
        }

        void clear() {
            for (int i = best; count > 0; i--) { // once per book snapshot: down from the best to the last level
                if (sizes[i] != 0) {
                    sizes[i] = 0;
                    count--;
                }
            }
            best = -1;
            walk = true;
        }

        /** Sets a level (size 0 removes it) and keeps the mirrored top up to date. */
        void set(double price, double size) {
            long key = (long) (sign * Math.rint(price * ticksPerUnit));
            if (base == Long.MIN_VALUE) {
                base = key - SLOTS / 2;
            }
            int slot = (int) (key - base);
            if (slot < 0 || slot >= SLOTS) {
                throw new IllegalStateException("price " + price + " out of the kernel's range");
            }
            double old = sizes[slot];
            if (size == 0) {
                if (old == 0) {
                    return;
                }
                sizes[slot] = 0;
                count--;
                if (slot == best) {
                    int i = slot - 1;
                    while (count > 0 && sizes[i] == 0) {
                        i--;
                    }
                    best = count == 0 ? -1 : i;
                }
                if (slot >= limit && !walk) {
                    removeFromTop(slot);
                }
                return;
            }
            sizes[slot] = size;
            if (old == 0) {
                count++;
                prices[slot] = price;
                if (slot > best) {
                    best = slot;
                }
                if (slot >= limit && !walk) {
                    insertIntoTop(slot, price, size);
                }
            } else if (slot >= limit && !walk && old != size) {
                int i = positionOf(slot);
                outSizes[i] = size; // a level of the top: its size in place
                dirtyFrom = Math.min(dirtyFrom, i);
            }
        }

        /** Index of a mirrored slot (the top is ordered by slot, best first). */
        private int positionOf(int slot) {
            int i = 0;
            while (topSlots[i] != slot) {
                i++;
            }
            return i;
        }

        private void insertIntoTop(int slot, double price, double size) {
            int depth = topSlots.length;
            int i = 0;
            while (i < n && topSlots[i] > slot) {
                i++;
            }
            int moved = (n == depth ? n - 1 : n) - i; // a full top drops its last level
            System.arraycopy(topSlots, i, topSlots, i + 1, moved);
            System.arraycopy(outPrices, i, outPrices, i + 1, moved);
            System.arraycopy(outSizes, i, outSizes, i + 1, moved);
            topSlots[i] = slot;
            outPrices[i] = price;
            outSizes[i] = size;
            if (n < depth) {
                n++;
            }
            limit = n == depth ? topSlots[n - 1] : -1;
            dirtyFrom = Math.min(dirtyFrom, i);
        }

        private void removeFromTop(int slot) {
            int depth = topSlots.length;
            int i = positionOf(slot);
            int last = topSlots[n - 1];
            System.arraycopy(topSlots, i + 1, topSlots, i, n - 1 - i);
            System.arraycopy(outPrices, i + 1, outPrices, i, n - 1 - i);
            System.arraycopy(outSizes, i + 1, outSizes, i, n - 1 - i);
            n--;
            if (count > n) { // a level below the old last one moves up into the top
                int s = last - 1;
                while (sizes[s] == 0) {
                    s--;
                }
                topSlots[n] = s;
                outPrices[n] = prices[s];
                outSizes[n] = sizes[s];
                n++;
            }
            limit = n == depth ? topSlots[n - 1] : -1;
            dirtyFrom = Math.min(dirtyFrom, i);
        }

        /**
         * Brings the mirrored top up to date; true when it differs from the last one reported (an
         * insert and a delete of the same level in one message change nothing).
         */
        boolean refreshTop(int depth) {
            if (walk) {
                walk = false;
                int k = 0;
                int slot = best;
                while (k < depth && slot >= 0) {
                    double s = sizes[slot];
                    if (s != 0) {
                        outPrices[k] = prices[slot];
                        outSizes[k] = s;
                        topSlots[k++] = slot;
                    }
                    slot--;
                }
                n = k;
                limit = k < depth ? -1 : topSlots[k - 1]; // fewer than depth levels: any change shows
                dirtyFrom = 0;
            }
            if (dirtyFrom == Integer.MAX_VALUE) {
                return false;
            }
            boolean changed = n != lastN;
            for (int i = dirtyFrom; i < n; i++) {
                if (outPrices[i] != lastPrices[i] || outSizes[i] != lastSizes[i]) {
                    lastPrices[i] = outPrices[i];
                    lastSizes[i] = outSizes[i];
                    changed = true;
                }
            }
            lastN = n;
            dirtyFrom = Integer.MAX_VALUE;
            return changed;
        }
    }
}
