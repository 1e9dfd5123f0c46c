package io.featurizer.core.book;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One side of an order book as sorted primitive arrays (no {@code TreeMap<Double,...>}). Keys are
 * stored ascending with the best level <b>last</b> (bids keyed by price, asks by -price), so the
 * frequent changes near the top move only the few elements above them.
 */
public final class PriceLadder {
    /** Returned by {@link #set} when the book did not change. */
    public static final int NO_CHANGE = Integer.MAX_VALUE;

    private final double sign;
    private double[] keys = new double[64];
    private double[] sizes = new double[64];
    private int count;
    private boolean lastStructural;

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
        return count;
    }

    /** Price at a rank from the best (0 = best). */
    public double price(int rank) {
        return sign * keys[count - 1 - rank];
    }

    public double size(int rank) {
        return sizes[count - 1 - rank];
    }

    public void clear() {
        count = 0;
    }

    /**
     * Sets a level's absolute size; 0 deletes it. Returns the rank from the best that changed
     * (for a delete, the rank the level had), or {@link #NO_CHANGE}.
     */
    public int set(double price, double size) {
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
                return rank;
            }
            if (sizes[idx] == size) {
                return NO_CHANGE;
            }
            sizes[idx] = size;
            return rank;
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
        return count - 1 - ins;
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
    }
}
