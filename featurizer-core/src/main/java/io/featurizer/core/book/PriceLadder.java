package io.featurizer.core.book;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One side of an order book on primitive arrays (no {@code TreeMap<Double,...>}). Two layouts with
 * the same contents and answers: indexed by price tick ({@link TickLadder}) after
 * {@link #clear(int)} with the prices' decimals, else sorted arrays. Sorted keys are stored
 * ascending with the best level <b>last</b> (bids keyed by price, asks by -price), so the frequent
 * changes near the top move only the few elements above them. A tick-indexed side moves to the
 * sorted arrays for good (until the next {@code clear(int)}) when a price cannot be indexed: a second
 * price double on a tick already held (off the grid), or a book wider than the tick layout allows.
 */
public final class PriceLadder {
    /** Returned by {@link #set} when the book did not change. */
    public static final int NO_CHANGE = Integer.MAX_VALUE;

    private final double sign;
    private double[] keys = new double[64];
    private double[] sizes = new double[64];
    private int count;
    private boolean lastStructural;
    private TickLadder ticks; // the tick-indexed layout while in use, else null
    private TickLadder spareTicks; // kept for the next clear(int): a snapshot allocates nothing
    private int rankLimit = NO_CHANGE;

    private PriceLadder(double sign) {
        this.sign = sign;
    }

    public static PriceLadder bids() {
        return new PriceLadder(1.0);
    }

    public static PriceLadder asks() {
        return new PriceLadder(-1.0);
    }

    public int count() {
        return ticks != null ? ticks.count() : count;
    }

    /** Price at a rank from the best (0 = best). */
    public double price(int rank) {
        return ticks != null ? ticks.price(rank) : sign * keys[count - 1 - rank];
    }

    public double size(int rank) {
        return ticks != null ? ticks.size(rank) : sizes[count - 1 - rank];
    }

    /**
     * Writes the levels at ranks [from, to) into {@code prices} and {@code sizes} at the same indices,
     * only where a value differs; returns whether any did. One pass, for mirroring the top levels
     * (measured: reading rank by rank through {@link #price}/{@link #size} cost a fifth of the issue-2
     * engine harness's time on a tick-indexed side).
     */
    public boolean copyInto(int from, int to, double[] prices, double[] sizes) {
        if (ticks != null) {
            return ticks.copyInto(from, to, prices, sizes);
        }
        boolean changed = false;
        for (int i = from; i < to; i++) {
            int idx = count - 1 - i;
            double price = sign * keys[idx];
            double size = this.sizes[idx];
            if (prices[i] != price || sizes[i] != size) {
                prices[i] = price;
                sizes[i] = size;
                changed = true;
            }
        }
        return changed;
    }

    /** Empties the side; the sorted layout. */
    public void clear() {
        count = 0;
        ticks = null;
    }

    /**
     * Empties the side and indexes it by tick when {@code decimals} (0 to {@link TickSize#MAX_DECIMALS}) is
     * the prices' decimal precision, so a price is a whole number of 10^-decimals; negative: sorted arrays.
     */
    public void clear(int decimals) {
        count = 0;
        if (decimals < 0) {
            ticks = null;
            return;
        }
        if (spareTicks == null || spareTicks.decimals() != decimals) {
            spareTicks = new TickLadder(sign, decimals);
        }
        spareTicks.clear();
        ticks = spareTicks;
    }

    /**
     * Ranks at or past {@code limit} are reported by {@link #set} as {@code limit} (callers that mirror
     * only the top levels need no more, and a tick-indexed side then counts no further).
     */
    public void limitRanks(int limit) {
        this.rankLimit = limit;
    }

    /** True while the side is indexed by tick. */
    public boolean isTickIndexed() {
        return ticks != null;
    }

    /**
     * Sets a level's absolute size; 0 deletes it. Returns the rank from the best that changed
     * (for a delete, the rank the level had; at most the {@link #limitRanks limit}), or {@link #NO_CHANGE}.
     */
    public int set(double price, double size) {
        if (ticks != null) {
            int rank = ticks.set(price, size, rankLimit);
            if (rank != TickLadder.FALLBACK) {
                lastStructural = ticks.lastSetWasStructural();
                return rank;
            }
            toSorted();
        }
        return setSorted(price, size); // its own method: this one stays small enough to inline
    }

    /**
     * Sets levels [0, n) of one side of a message in order ({@link #set} for each), recording each
     * changed rank below the {@link #limitRanks limit} in {@code changes}.
     */
    void setAll(double[] prices, double[] sizes, int n, OrderBook.Changes changes) {
        int i = 0;
        if (ticks != null) {
            i = ticks.setAll(prices, sizes, 0, n, rankLimit, changes);
            if (i == n) {
                return;
            }
            toSorted();
        }
        for (; i < n; i++) {
            int rank = setSorted(prices[i], sizes[i]);
            if (rank < rankLimit) {
                changes.record(rank, lastStructural);
            }
        }
    }

    private int setSorted(double price, double size) {
        double key = sign * price;
        int idx = search(key);
        lastStructural = false;
        if (idx >= 0) {
            int rank = count - 1 - idx;
            if (size == 0) {
                lastStructural = true;
                System.arraycopy(keys, idx + 1, keys, idx, count - idx - 1);
                System.arraycopy(sizes, idx + 1, sizes, idx, count - idx - 1);
                count--;
                return Math.min(rank, rankLimit);
            }
            if (sizes[idx] == size) {
                return NO_CHANGE;
            }
            sizes[idx] = size;
            return Math.min(rank, rankLimit);
        }
        if (size == 0) {
            return NO_CHANGE;
        }
        int ins = -(idx + 1);
        lastStructural = true;
        if (count == keys.length) {
            keys = java.util.Arrays.copyOf(keys, count * 2);
            sizes = java.util.Arrays.copyOf(sizes, count * 2);
        }
        System.arraycopy(keys, ins, keys, ins + 1, count - ins);
        System.arraycopy(sizes, ins, sizes, ins + 1, count - ins);
        keys[ins] = key;
        sizes[ins] = size;
        count++;
        return Math.min(count - 1 - ins, rankLimit);
    }

    /** Moves the tick-indexed levels into the sorted arrays (a price off the grid came). */
    private void toSorted() {
        int n = ticks.count();
        if (keys.length < n + 1) {
            keys = new double[Integer.highestOneBit(n) * 2];
            sizes = new double[keys.length];
        }
        ticks.copyTo(keys, sizes);
        count = n;
        ticks = null;
    }

    /** True when the last {@link #set} inserted or deleted a level (ranks below it shifted). */
    public boolean lastSetWasStructural() {
        return lastStructural;
    }

    private int search(double key) {
        // Most changes hit the first levels from the touch (the end of the array): a short linear
        // walk from there is cheaper and better predicted than a binary search over the whole side.
        int i = count - 1;
        int stop = Math.max(0, count - TOP_SCAN);
        while (i >= stop) {
            double k = keys[i];
            if (k == key) {
                return i;
            }
            if (k < key) {
                return -(i + 2);
            }
            i--;
        }
        int lo = 0;
        int hi = stop - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double k = keys[mid];
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static final int TOP_SCAN = 8;

    public void snapshot(DataOutput out) throws IOException {
        if (ticks != null) {
            ticks.write(out); // the sorted layout's format: one format whichever layout wrote it
            return;
        }
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeDouble(keys[i]);
            out.writeDouble(sizes[i]);
        }
    }

    public void restore(DataInput in) throws IOException {
        int n = in.readInt();
        if (keys.length < n) {
            keys = new double[n];
            sizes = new double[n];
        }
        for (int i = 0; i < n; i++) {
            keys[i] = in.readDouble();
            sizes[i] = in.readDouble();
        }
        count = n;
        ticks = null;
    }
}
