package io.featurizer.core.book;

/**
 * One side of a book indexed by price tick: slot = key - base, with key = ticks for bids and -ticks
 * for asks (ticks = price × 10^decimals), so the best level is the highest occupied slot on both
 * sides. A set is O(1) plus a popcount over the bitmap between the level and the best (its rank);
 * ranks read in order (a snapshot's top levels) walk the bitmap from a cached position.
 *
 * <p>It holds exactly the map a sorted ladder would: a price is accepted only when
 * {@code ticks / 10^decimals} gives back the very same double, so two prices never share a slot and
 * every price read back is the input's own double. A price off the grid, or one that would need
 * more than {@link #MAX_SLOTS} slots, makes {@link #set} answer {@link #FALLBACK} and change nothing;
 * the owner then moves to its sorted arrays ({@link PriceLadder}).
 *
 * <p>Measured with {@code KernelVsEngine} (issue 13): the sorted ladder's search and insert were
 * 55 % of the engine's samples on Tardis BTCUSDT input (~11 level changes per message).
 */
final class TickLadder {
    static final int FALLBACK = Integer.MIN_VALUE;
    static final int MAX_SLOTS = 1 << 20;
    private static final double MAX_TICKS = 0x1p52;

    private final double sign;
    private final int decimals;
    private final double scale;
    private double[] sizes = new double[4096];
    private long[] bits = new long[4096 / 64];
    private long base;
    private boolean based;
    private int best = -1; // highest occupied slot, -1 when empty
    private int count;
    private boolean lastStructural;
    private int cursorRank = -1; // a rank and its slot, for reads in rank order; -1 after any change
    private int cursorSlot;

    TickLadder(double sign, int decimals) {
        this.sign = sign;
        this.decimals = decimals;
        this.scale = Math.pow(10, decimals);
    }

    int decimals() {
        return decimals;
    }

    int count() {
        return count;
    }

    boolean lastSetWasStructural() {
        return lastStructural;
    }

    /** Empties the side; keeps its arrays (a book snapshot replaces a book of about the same span). */
    void clear() {
        for (int w = 0; count > 0 && w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(word);
                sizes[slot] = 0;
                word &= word - 1;
                count--;
            }
            bits[w] = 0;
        }
        count = 0;
        best = -1;
        based = false;
        cursorRank = -1;
    }

    /** The sorted ladder's set: returns the rank that changed, {@link PriceLadder#NO_CHANGE}, or {@link #FALLBACK}. */
    int set(double price, double size) {
        double r = Math.rint(price * scale);
        if (!(Math.abs(r) < MAX_TICKS)) { // also NaN
            return FALLBACK;
        }
        long ticks = (long) r;
        if (Double.doubleToRawLongBits(ticks / scale) != Double.doubleToRawLongBits(price)) {
            return FALLBACK; // not on the grid: not this price's own double
        }
        long key = sign > 0 ? ticks : -ticks;
        if (!based) {
            base = key - sizes.length / 2;
            based = true;
        }
        long off = key - base;
        if (off < 0 || off >= sizes.length) {
            if (!grow(key)) {
                return FALLBACK;
            }
            off = key - base;
        }
        int slot = (int) off;
        lastStructural = false;
        double old = sizes[slot];
        if (size == 0) {
            if (old == 0) {
                return PriceLadder.NO_CHANGE;
            }
            int rank = rankOf(slot);
            sizes[slot] = 0;
            bits[slot >>> 6] &= ~(1L << slot);
            count--;
            if (slot == best) {
                best = count == 0 ? -1 : previousSet(slot - 1);
            }
            lastStructural = true;
            cursorRank = -1;
            return rank;
        }
        if (old != 0) {
            if (old == size) {
                return PriceLadder.NO_CHANGE;
            }
            sizes[slot] = size;
            return rankOf(slot); // same levels, same ranks: the cursor stays valid
        }
        sizes[slot] = size;
        bits[slot >>> 6] |= 1L << slot;
        count++;
        if (slot > best) {
            best = slot;
        }
        lastStructural = true;
        cursorRank = -1;
        return rankOf(slot);
    }

    /** Occupied slots above {@code slot} up to the best: the number of better levels. */
    private int rankOf(int slot) {
        if (slot >= best) {
            return 0;
        }
        int from = slot + 1;
        int wf = from >>> 6;
        int wt = best >>> 6;
        long first = bits[wf] & (-1L << from);
        long lastMask = -1L >>> (63 - (best & 63));
        if (wf == wt) {
            return Long.bitCount(first & lastMask);
        }
        int n = Long.bitCount(first) + Long.bitCount(bits[wt] & lastMask);
        for (int w = wf + 1; w < wt; w++) {
            n += Long.bitCount(bits[w]);
        }
        return n;
    }

    /** Highest occupied slot at or below {@code from}, or -1. */
    private int previousSet(int from) {
        if (from < 0) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L >>> (63 - (from & 63)));
        while (word == 0) {
            if (--w < 0) {
                return -1;
            }
            word = bits[w];
        }
        return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
    }

    /** Slot of the level at {@code rank} (0 = best); walks on from the last rank read when it can. */
    private int slotOf(int rank) {
        if (rank < 0 || rank >= count) {
            throw new IndexOutOfBoundsException("rank " + rank + " of " + count + " levels");
        }
        int r;
        int slot;
        if (cursorRank >= 0 && rank >= cursorRank) {
            r = cursorRank;
            slot = cursorSlot;
        } else {
            r = 0;
            slot = best;
        }
        while (r < rank) {
            slot = previousSet(slot - 1);
            r++;
        }
        cursorRank = rank;
        cursorSlot = slot;
        return slot;
    }

    double price(int rank) {
        return priceOf(slotOf(rank));
    }

    double size(int rank) {
        return sizes[slotOf(rank)];
    }

    private double priceOf(int slot) {
        long key = base + slot;
        return (sign > 0 ? key : -key) / scale;
    }

    /** Writes the levels as the sorted ladder keeps them: keys (sign × price) ascending, best last. */
    void copyTo(double[] keys, double[] sizesOut) {
        int i = 0;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(word);
                keys[i] = sign * priceOf(slot);
                sizesOut[i++] = sizes[slot];
                word &= word - 1;
            }
        }
    }

    /** Writes count, then (key, size) pairs as {@link #copyTo} orders them: the sorted ladder's snapshot format. */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(count);
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(word);
                out.writeDouble(sign * priceOf(slot));
                out.writeDouble(sizes[slot]);
                word &= word - 1;
            }
        }
    }

    /** Makes room for {@code key}: a larger array, the old slots moved by a multiple of 64. False past MAX_SLOTS. */
    private boolean grow(long key) {
        int len = sizes.length;
        long lo = Math.min(base, key);
        long hi = Math.max(base + len - 1, key);
        while (true) {
            len *= 2;
            if (len > MAX_SLOTS) {
                return false;
            }
            long slack = len - (hi - lo + 1);
            if (slack < 0) {
                continue;
            }
            long shift = base - (lo - slack / 2); // old slot s moves to s + shift
            shift = Math.max(0, shift) & ~63L;
            if (base - shift <= lo && base - shift + len - 1 >= hi) {
                double[] ns = new double[len];
                long[] nb = new long[len / 64];
                System.arraycopy(sizes, 0, ns, (int) shift, sizes.length);
                System.arraycopy(bits, 0, nb, (int) (shift >>> 6), bits.length);
                sizes = ns;
                bits = nb;
                base -= shift;
                if (best >= 0) {
                    best += (int) shift;
                }
                cursorRank = -1;
                return true;
            }
        }
    }
}
