package io.featurizer.core.book;

/**
 * One side of a book indexed by price tick: slot = key - base, with key = ticks for bids and -ticks
 * for asks (ticks = price × 10^decimals), so the best level is the highest occupied slot on both
 * sides. A set is O(1): the rank it reports is a popcount over the bitmap between the level and the
 * best, skipped for levels below the one at the rank limit (the boundary slot); ranks read in order
 * (a snapshot's top levels) walk the bitmap from a cached position.
 *
 * <p>It holds exactly the map a sorted ladder would: each occupied slot keeps the input's own price
 * double, and ticks are monotone in price, so slot order is price order. A second price double on an
 * occupied slot (a price off the grid), or one that would need more than {@link #MAX_SLOTS} slots,
 * makes {@link #set} answer {@link #FALLBACK} and change nothing; the owner then moves to its sorted
 * arrays ({@link PriceLadder}).
 *
 * <p>Measured with {@code KernelVsEngine} (issue 13): the sorted ladder's search and insert were
 * 55 % of the engine's samples on Tardis BTCUSDT input (~11 level changes per message, a book of
 * ~800+ levels a side); with this layout the engine went from 1.86 to 2.97 M events/s at depth 1.
 */
final class TickLadder {
    static final int FALLBACK = Integer.MIN_VALUE;
    static final int MAX_SLOTS = 1 << 17; // 2 MB of levels a side at most: wider books (rare) use the sorted arrays
    private static final double MAX_TICKS = 0x1p52;

    private final double sign;
    private final int decimals;
    private final double scale;
    private double[] levels = new double[2 * 4096]; // per slot: size, then the input's own price double (one cache line)
    private long[] bits = new long[4096 / 64];
    private long base;
    private boolean based;
    private int best = -1; // highest occupied slot, -1 when empty
    private int count;
    private boolean lastStructural;
    private int boundaryLimit = PriceLadder.NO_CHANGE; // the rank limit the boundary is kept for
    private int boundary = -1; // slot of the level at rank limit - 1, or -1 while fewer levels: below it every rank is past the limit
    private int cursorRank = -1; // a rank and its slot, for reads in rank order; -1 after any change
    private int cursorSlot;

    TickLadder(double sign, int decimals) {
        this.sign = sign;
        this.decimals = decimals;
        this.scale = Math.pow(10, decimals);
    }

    private int slots() {
        return levels.length >> 1;
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
                levels[2 * slot] = 0;
                word &= word - 1;
                count--;
            }
            bits[w] = 0;
        }
        count = 0;
        best = -1;
        based = false;
        boundary = -1;
        cursorRank = -1;
    }

    /**
     * The sorted ladder's set: returns the rank that changed (ranks at or past {@code rankLimit} as
     * {@code rankLimit}), {@link PriceLadder#NO_CHANGE}, or {@link #FALLBACK}.
     */
    int set(double price, double size, int rankLimit) {
        if (rankLimit != boundaryLimit) {
            placeBoundary(rankLimit);
        }
        return setLevel(price, size, rankLimit);
    }

    /**
     * Sets levels [from, n) of one side of a message in order, recording each changed rank below
     * {@code rankLimit} in {@code changes}. Returns n, or the index of the first level the slots cannot
     * hold (see {@link #FALLBACK}; it and the levels after it are not set). One call per message: the
     * boundary check and the owner's per-level layout check happen once, not per level.
     */
    int setAll(double[] prices, double[] sizes, int from, int n, int rankLimit, OrderBook.Changes changes) {
        if (rankLimit != boundaryLimit) {
            placeBoundary(rankLimit);
        }
        for (int i = from; i < n; i++) {
            int rank = setLevel(prices[i], sizes[i], rankLimit);
            if (rank < rankLimit) { // past the limit no reader looks: not recorded (most changes, with a shallow reader)
                if (rank == FALLBACK) {
                    return i;
                }
                changes.record(rank, lastStructural);
            }
        }
        return n;
    }

    /** {@link #set} once the boundary is placed for {@code rankLimit}. */
    private int setLevel(double price, double size, int rankLimit) {
        // Kept under the JIT's inline limit (325 bytes) so it inlines into its callers: the rare
        // paths (first level, growth, huge prices) and the structural changes are methods of their
        // own. Measured: the 411-byte version was a call per level.
        double r = Math.rint(price * scale);
        long off = (sign > 0 ? (long) r : -(long) r) - base;
        if (!based || off < 0 || off >= slots() || !(Math.abs(r) < MAX_TICKS)) {
            return setOutside(price, size, rankLimit, r);
        }
        int slot = (int) off;
        int at = 2 * slot;
        double old = levels[at];
        lastStructural = false;
        if (old != 0) {
            if (Double.doubleToRawLongBits(levels[at + 1]) != Double.doubleToRawLongBits(price)) {
                return FALLBACK; // another double on the same tick: two levels the slot cannot hold
            }
            if (size == 0) {
                return remove(slot, rankLimit);
            }
            if (old == size) {
                return PriceLadder.NO_CHANGE;
            }
            levels[at] = size;
            return rankOf(slot, rankLimit); // same levels, same ranks: the cursor stays valid
        }
        return size == 0 ? PriceLadder.NO_CHANGE : insert(slot, price, size, rankLimit);
    }

    /** A price outside the slots (or the first one, or too large to index): places the slots, or falls back. */
    private int setOutside(double price, double size, int rankLimit, double r) {
        if (!(Math.abs(r) < MAX_TICKS)) { // also NaN
            return FALLBACK;
        }
        long key = sign > 0 ? (long) r : -(long) r;
        if (!based) {
            base = key - slots() / 2;
            based = true;
        } else {
            if (size == 0) {
                return PriceLadder.NO_CHANGE; // removing a level outside every level held: nothing there
            }
            if (!grow(key)) {
                return FALLBACK;
            }
        }
        return setLevel(price, size, rankLimit);
    }

    private int remove(int slot, int rankLimit) {
        int rank = rankOf(slot, rankLimit);
        levels[2 * slot] = 0;
        bits[slot >>> 6] &= ~(1L << slot);
        count--;
        if (slot == best) {
            best = count == 0 ? -1 : previousSet(slot - 1);
        }
        if (count < boundaryLimit) {
            boundary = -1;
        } else if (slot >= boundary) {
            boundary = previousSet(boundary - 1); // the next level below moves up to rank limit - 1
        }
        lastStructural = true;
        cursorRank = -1;
        return rank;
    }

    private int insert(int slot, double price, double size, int rankLimit) {
        levels[2 * slot] = size;
        levels[2 * slot + 1] = price;
        bits[slot >>> 6] |= 1L << slot;
        count++;
        if (slot > best) {
            best = slot;
        }
        if (count == boundaryLimit) {
            boundary = walkFromBest(count - 1); // just reached the limit: the last level
        } else if (count > boundaryLimit && slot > boundary) {
            boundary = nextSet(boundary + 1); // the level at limit - 1 moves down one rank
        }
        lastStructural = true;
        cursorRank = -1;
        return rankOf(slot, rankLimit);
    }

    /** Occupied slots above {@code slot} up to the best (the number of better levels), counted up to {@code limit}. */
    private int rankOf(int slot, int limit) {
        if (slot >= best) {
            return 0;
        }
        if (slot < boundary) {
            return limit; // below the level at rank limit - 1: no counting (most changes, at depth 1 or 5)
        }
        int from = slot + 1;
        int wf = from >>> 6;
        int wt = best >>> 6;
        long first = bits[wf] & (-1L << from);
        long lastMask = -1L >>> (63 - (best & 63));
        if (wf == wt) {
            return Math.min(limit, Long.bitCount(first & lastMask));
        }
        int n = Long.bitCount(first);
        for (int w = wf + 1; w < wt; w++) {
            if (n >= limit) {
                return limit;
            }
            n += Long.bitCount(bits[w]);
        }
        return Math.min(limit, n + Long.bitCount(bits[wt] & lastMask));
    }

    /** Places the boundary for a new rank limit. */
    private void placeBoundary(int limit) {
        boundaryLimit = limit;
        boundary = count >= limit ? walkFromBest(limit - 1) : -1;
    }

    /** Slot of the level at {@code rank} (0 = best), walking down from the best. */
    private int walkFromBest(int rank) {
        int slot = best;
        for (int r = 0; r < rank; r++) {
            slot = previousSet(slot - 1);
        }
        return slot;
    }

    /** Lowest occupied slot at or above {@code from} (one exists). */
    private int nextSet(int from) {
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        while (word == 0) {
            word = bits[++w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
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

    /** {@link PriceLadder#copyInto}: one walk down the bitmap from the level at {@code from}. */
    boolean copyInto(int from, int to, double[] prices, double[] sizesOut) {
        if (from >= to) {
            return false;
        }
        int slot = slotOf(from);
        int w = slot >>> 6;
        long word = bits[w] & (-1L >>> (63 - (slot & 63))); // occupied slots at or below this one, in its word
        boolean changed = false;
        for (int i = from; ; ) {
            double size = levels[2 * slot];
            double price = levels[2 * slot + 1];
            if (prices[i] != price || sizesOut[i] != size) {
                prices[i] = price;
                sizesOut[i] = size;
                changed = true;
            }
            if (++i == to) {
                break;
            }
            word &= ~(1L << slot);
            while (word == 0) {
                word = bits[--w];
            }
            slot = (w << 6) + 63 - Long.numberOfLeadingZeros(word);
        }
        cursorRank = to - 1;
        cursorSlot = slot;
        return changed;
    }

    double price(int rank) {
        return priceOf(slotOf(rank));
    }

    double size(int rank) {
        return levels[2 * slotOf(rank)];
    }

    private double priceOf(int slot) {
        return levels[2 * slot + 1];
    }

    /** Writes the levels as the sorted ladder keeps them: keys (sign × price) ascending, best last. */
    void copyTo(double[] keys, double[] sizesOut) {
        int i = 0;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(word);
                keys[i] = sign * priceOf(slot);
                sizesOut[i++] = levels[2 * slot];
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
                out.writeDouble(levels[2 * slot]);
                word &= word - 1;
            }
        }
    }

    /** Makes room for {@code key}: a larger array, the old slots moved by a multiple of 64. False past MAX_SLOTS. */
    private boolean grow(long key) {
        int len = slots();
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
                double[] nl = new double[2 * len];
                long[] nb = new long[len / 64];
                System.arraycopy(levels, 0, nl, 2 * (int) shift, levels.length);
                System.arraycopy(bits, 0, nb, (int) (shift >>> 6), bits.length);
                levels = nl;
                bits = nb;
                base -= shift;
                if (best >= 0) {
                    best += (int) shift;
                }
                if (boundary >= 0) {
                    boundary += (int) shift;
                }
                cursorRank = -1;
                return true;
            }
        }
    }
}
