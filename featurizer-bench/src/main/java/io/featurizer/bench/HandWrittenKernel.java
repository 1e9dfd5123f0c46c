package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Trade;

/**
 * The peer of the engine in {@link KernelVsEngine}: the same feature set written by hand for one
 * instrument, single-threaded, no framework. Book from L2 snapshots and deltas (each side one sorted
 * primitive array, best level last, binary search), its top {@code depth} levels, mid, relative
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

    private final Ladder bids = new Ladder(1.0);
    private final Ladder asks = new Ladder(-1.0);
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
    private boolean hasSnapshot;
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
    }

    /** One book message; true when it produced a combined record. */
    boolean onBook(BookUpdate u) {
        if (u.isSnapshot()) {
            bids.count = 0;
            asks.count = 0;
            bookReady = true;
        } else if (!bookReady) {
            return false;
        }
        int minRank = u.isSnapshot() ? 0 : Integer.MAX_VALUE;
        for (int i = 0, n = u.bidCount(); i < n; i++) {
            minRank = Math.min(minRank, bids.set(u.bidPrice(i), u.bidSize(i)));
        }
        for (int i = 0, n = u.askCount(); i < n; i++) {
            minRank = Math.min(minRank, asks.set(u.askPrice(i), u.askSize(i)));
        }
        if (minRank >= depth || !copyTop()) {
            return false; // the top levels are as last emitted: no output changed
        }
        hasSnapshot = true;
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

    /** Copies the top levels into the record; false when they equal the last ones. */
    private boolean copyTop() {
        int nb = Math.min(depth, bids.count);
        int na = Math.min(depth, asks.count);
        boolean changed = !hasSnapshot || nb != bidCount || na != askCount;
        double[] bk = bids.keys;
        double[] bs = bids.sizes;
        for (int i = 0, idx = bids.count - 1; i < nb; i++, idx--) {
            double p = bk[idx];
            double s = bs[idx];
            if (p != bidPrices[i] || s != bidSizes[i]) {
                bidPrices[i] = p;
                bidSizes[i] = s;
                changed = true;
            }
        }
        double[] ak = asks.keys;
        double[] as = asks.sizes;
        for (int i = 0, idx = asks.count - 1; i < na; i++, idx--) {
            double p = -ak[idx];
            double s = as[idx];
            if (p != askPrices[i] || s != askSizes[i]) {
                askPrices[i] = p;
                askSizes[i] = s;
                changed = true;
            }
        }
        bidCount = nb;
        askCount = na;
        return changed;
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

    /** One side: keys ascending with the best last (bids by price, asks by -price). */
    private static final class Ladder {
        private final double sign;
        double[] keys = new double[1024];
        double[] sizes = new double[1024];
        int count;

        Ladder(double sign) {
            this.sign = sign;
        }

        /** Sets a level (size 0 removes it); returns the rank from the best that changed, or MAX_VALUE. */
        int set(double price, double size) {
            double key = sign * price;
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                double k = keys[mid];
                if (k < key) {
                    lo = mid + 1;
                } else if (k > key) {
                    hi = mid - 1;
                } else {
                    int rank = count - 1 - mid;
                    if (size == 0) {
                        System.arraycopy(keys, mid + 1, keys, mid, count - mid - 1);
                        System.arraycopy(sizes, mid + 1, sizes, mid, count - mid - 1);
                        count--;
                    } else {
                        sizes[mid] = size;
                    }
                    return rank;
                }
            }
            if (size == 0) {
                return Integer.MAX_VALUE;
            }
            if (count == keys.length) {
                keys = java.util.Arrays.copyOf(keys, count * 2);
                sizes = java.util.Arrays.copyOf(sizes, count * 2);
            }
            System.arraycopy(keys, lo, keys, lo + 1, count - lo);
            System.arraycopy(sizes, lo, sizes, lo + 1, count - lo);
            keys[lo] = key;
            sizes[lo] = size;
            count++;
            return count - 1 - lo;
        }
    }
}
