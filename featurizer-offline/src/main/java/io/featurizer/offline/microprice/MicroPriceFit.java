package io.featurizer.offline.microprice;

import io.featurizer.core.definitions.book.MicroPriceTable;

/**
 * Estimates the micro-price adjustment of Stoikov (2018), "The micro-price: a high-frequency estimator of
 * future prices", Quantitative Finance 18(12), from consecutive top-of-book states.
 *
 * <p>A state x is (spread in ticks s = 1..{@code spreads}, imbalance bucket b = 0..{@code buckets}−1). Each
 * transition x → y with mid change dM is counted, and so is its mirror image (s, buckets−1−b) → (s', buckets−1−b')
 * with −dM (the paper's symmetrisation: the fit cannot lean up or down). Transitions with an empty side, a
 * spread outside 1..{@code spreads} ticks at either end, or |dM| above one tick (the paper's filter) are dropped.
 * Then, with N_x the transitions from x:
 * <ul>
 *   <li>Q[x][y] = (transitions x → y with dM = 0) / N_x: the chain among states while the mid stays;</li>
 *   <li>R2[x][y] = (transitions x → y with dM ≠ 0) / N_x, and r[x] = Σ dM / N_x = (R1·K)[x];</li>
 *   <li>G¹ = (I − Q)⁻¹ r, the expected mid change at the next mid move, and B = (I − Q)⁻¹ R2;</li>
 *   <li>G* = Σ_{i≥0} Bⁱ G¹, summed term by term until the last term is below 1e-12 tick in every state
 *       (the number of terms is the table's {@code iterations}); no convergence in {@value #MAX_ITERATIONS}
 *       terms is an error. Symmetrisation makes G¹ odd, so the terms vanish geometrically.</li>
 * </ul>
 * A state never left (no transitions from it) has no estimate: the table marks it with 0 observations (NaN live).
 */
public final class MicroPriceFit {
    public static final int MAX_ITERATIONS = 100_000;

    /** A top of book: best bid and ask with their sizes (NaN prices for an empty side). */
    public record Top(double bid, double bidSize, double ask, double askSize) {
    }

    private final double tick;
    private final int spreads;
    private final int buckets;
    private final int states;
    private final long[][] stay; // dM = 0
    private final long[][] move; // dM ≠ 0
    private final long[] halfTicks; // Σ dM from x, in half ticks
    private final long[] from;
    private long used;
    private long dropped;

    public MicroPriceFit(double tickSize, int spreads, int buckets) {
        if (!(tickSize > 0) || Double.isInfinite(tickSize)) {
            throw new IllegalArgumentException("tick size " + tickSize + ": expected a positive price increment");
        }
        if (spreads < 1 || spreads > 50) {
            throw new IllegalArgumentException("spreads " + spreads + ": expected 1 to 50 spread states (ticks)");
        }
        if (buckets < 2 || buckets > 100) {
            throw new IllegalArgumentException("buckets " + buckets + ": expected 2 to 100 imbalance buckets");
        }
        this.tick = tickSize;
        this.spreads = spreads;
        this.buckets = buckets;
        this.states = spreads * buckets;
        this.stay = new long[states][states];
        this.move = new long[states][states];
        this.halfTicks = new long[states];
        this.from = new long[states];
    }

    /** Counts the transition from {@code before} to {@code after} and its mirror; false when it is dropped. */
    public boolean add(Top before, Top after) {
        int x = state(before);
        int y = state(after);
        long h = Math.round(((after.bid() + after.ask()) - (before.bid() + before.ask())) / tick); // dM in half ticks
        if (x < 0 || y < 0 || Math.abs(h) > 2) {
            dropped++;
            return false;
        }
        count(x, y, h);
        count(mirror(x), mirror(y), -h);
        used++;
        return true;
    }

    private void count(int x, int y, long h) {
        from[x]++;
        if (h == 0) {
            stay[x][y]++;
        } else {
            move[x][y]++;
            halfTicks[x] += h;
        }
    }

    private int state(Top t) {
        if (!(t.bidSize() > 0) || !(t.askSize() > 0) || Double.isNaN(t.bid()) || Double.isNaN(t.ask())) {
            return -1;
        }
        int s = MicroPriceTable.spreadTicks(t.bid(), t.ask(), tick);
        if (s < 1 || s > spreads) {
            return -1;
        }
        return (s - 1) * buckets + MicroPriceTable.bucket(t.bidSize(), t.askSize(), buckets);
    }

    private int mirror(int x) {
        int s = x / buckets;
        return s * buckets + (buckets - 1 - x % buckets);
    }

    /** Transitions counted (each once, before mirroring). */
    public long used() {
        return used;
    }

    /** Transitions dropped (empty side, spread outside the states, a mid jump over one tick). */
    public long dropped() {
        return dropped;
    }

    /** Solves for G* and returns the table; {@link IllegalStateException} when the chain gives no answer. */
    public MicroPriceTable table() {
        if (used == 0) {
            throw new IllegalStateException("no usable top-of-book transitions (" + dropped + " dropped: empty side, spread over "
                    + spreads + " ticks of " + tick + ", or a mid jump over one tick); check the tick size and the spreads");
        }
        // [I − Q | r | R2] solved by Gaussian elimination with partial pivoting
        double[][] a = new double[states][];
        for (int x = 0; x < states; x++) {
            double[] row = new double[states + 1 + states];
            double n = from[x];
            row[x] = 1;
            if (n > 0) {
                for (int y = 0; y < states; y++) {
                    row[y] -= stay[x][y] / n;
                    row[states + 1 + y] = move[x][y] / n;
                }
                row[states] = halfTicks[x] * (tick / 2) / n;
            }
            a[x] = row;
        }
        eliminate(a);
        double[] g1 = new double[states];
        double[][] b = new double[states][states];
        for (int x = 0; x < states; x++) {
            g1[x] = a[x][states];
            System.arraycopy(a[x], states + 1, b[x], 0, states);
        }
        double[] total = g1.clone();
        double[] term = g1;
        int iterations = 0;
        while (max(term) > 1e-12 * tick) {
            if (++iterations > MAX_ITERATIONS) {
                throw new IllegalStateException("the micro-price series did not converge in " + MAX_ITERATIONS + " terms; fit more data or fewer states");
            }
            term = times(b, term);
            for (int x = 0; x < states; x++) {
                total[x] += term[x];
            }
        }
        return new MicroPriceTable(tick, spreads, buckets, from, total, iterations);
    }

    /** Reduces [A | rhs...] to [I | A⁻¹ rhs...]. */
    private void eliminate(double[][] a) {
        int n = states;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            if (Math.abs(a[p][c]) < 1e-12) {
                throw new IllegalStateException("some states never see the mid move (I − Q is singular); fit more data or fewer states");
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double pivot = a[c][c];
            for (int k = c; k < a[c].length; k++) {
                a[c][k] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                double f = a[r][c];
                if (r != c && f != 0) {
                    for (int k = c; k < a[r].length; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
