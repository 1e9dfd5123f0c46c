package io.featurizer.core.definitions;

import io.featurizer.core.stream.ExactMoments;
import io.featurizer.core.stream.FixedPointSum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Rolling sums of pairs of grid returns of two instruments A and B over the last {@code n} grid steps, at every
 * lag ℓ in [−maxLag, maxLag]: the pair of step m at lag ℓ is (rA[m − max(ℓ, 0)], rB[m − max(−ℓ, 0)]), so a
 * positive ℓ pairs A's return ℓ steps earlier with B's (A leads B). A pair counts when both returns exist.
 * Incremental: each step adds one pair and removes the one {@code n} steps older, per lag. The sums are exact
 * ({@link FixedPointSum}), so a result depends only on the pairs in the window (a chunked replay's warm-up
 * gives the same bits); the snapshot holds the returns and the sums are rebuilt from them.
 */
public final class LaggedReturnStats implements io.featurizer.core.state.Snapshottable {
    private final int n;
    private final double scale;
    private final int maxLag;
    private final int cap;
    private final double[] ra;
    private final double[] rb;
    private final boolean[] okA;
    private final boolean[] okB;
    private final FixedPointSum[] sa;
    private final FixedPointSum[] sb;
    private final FixedPointSum[] saa;
    private final FixedPointSum[] sbb;
    private final FixedPointSum[] sab;
    private final int[] count;
    private long steps;

    /** Log returns, scaled by {@link #RETURN_SCALE}. */
    LaggedReturnStats(int n, int maxLag) {
        this(n, maxLag, RETURN_SCALE);
    }

    /**
     * Any paired series, multiplied by {@code scale} (a power of two, so exact) before summing: choose it so the
     * squares stay above the sums' 2^-64 resolution and their window total below 2^62 (slopes and correlations do not
     * depend on it).
     */
    public LaggedReturnStats(int n, int maxLag, double scale) {
        this.scale = scale;
        this.n = n;
        this.maxLag = maxLag;
        this.cap = n + maxLag + 1;
        this.ra = new double[cap];
        this.rb = new double[cap];
        this.okA = new boolean[cap];
        this.okB = new boolean[cap];
        int lags = 2 * maxLag + 1;
        this.sa = sums(lags);
        this.sb = sums(lags);
        this.saa = sums(lags);
        this.sbb = sums(lags);
        this.sab = sums(lags);
        this.count = new int[lags];
    }

    private static FixedPointSum[] sums(int k) {
        FixedPointSum[] s = new FixedPointSum[k];
        for (int i = 0; i < k; i++) {
            s[i] = new FixedPointSum();
        }
        return s;
    }

    int maxLag() {
        return maxLag;
    }

    /** Steps after which the window holds nothing older than a step pushed now (for skipping idle time). */
    public int memory() {
        return cap + 1;
    }

    /**
     * Returns are summed times 2^24 (exact: a power of two), so the fixed-point sums keep the squares of tiny returns
     * (1e-7 → 3e-14, below the sums' 2^-64 resolution by only six digits) to full precision; correlation and beta do
     * not depend on the scale. Range: log returns within ±0.5 per step over windows of up to 100 000 steps (past the sums'
     * range {@link FixedPointSum} throws rather than wraps).
     */
    static final double RETURN_SCALE = 0x1p24;

    /** The next grid step's returns ({@code hasA}/{@code hasB} false: that return does not exist). */
    public void push(double a, boolean hasA, double b, boolean hasB) {
        int slot = (int) (steps % cap);
        ra[slot] = hasA ? a * scale : 0;
        rb[slot] = hasB ? b * scale : 0;
        okA[slot] = hasA;
        okB[slot] = hasB;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            pair(steps, lag, true);
            if (steps - n >= 0) {
                pair(steps - n, lag, false);
            }
        }
        steps++;
    }

    private void pair(long m, int lag, boolean add) {
        long ia = m - Math.max(lag, 0);
        long ib = m - Math.max(-lag, 0);
        if (ia < 0 || ib < 0) {
            return;
        }
        int sa_ = (int) (ia % cap);
        int sb_ = (int) (ib % cap);
        if (!okA[sa_] || !okB[sb_]) {
            return;
        }
        double a = ra[sa_];
        double b = rb[sb_];
        int j = lag + maxLag;
        if (add) {
            sa[j].add(a);
            sb[j].add(b);
            ExactMoments.addProduct(saa[j], a, a);
            ExactMoments.addProduct(sbb[j], b, b);
            ExactMoments.addProduct(sab[j], a, b);
            count[j]++;
        } else {
            sa[j].remove(a);
            sb[j].remove(b);
            ExactMoments.removeProduct(saa[j], a, a);
            ExactMoments.removeProduct(sbb[j], b, b);
            ExactMoments.removeProduct(sab[j], a, b);
            count[j]--;
        }
    }

    /** Pearson correlation of the pairs at {@code lag}; NaN with fewer than 2 pairs or a side without variance. */
    public double correlation(int lag) {
        int j = lag + maxLag;
        int k = count[j];
        if (k < 2) {
            return Double.NaN;
        }
        double varA = ExactMoments.coMoment(k, saa[j], sa[j], sa[j]);
        double varB = ExactMoments.coMoment(k, sbb[j], sb[j], sb[j]);
        if (constant(varA, k * saa[j].value()) || constant(varB, k * sbb[j].value())) {
            return Double.NaN;
        }
        double r = ExactMoments.coMoment(k, sab[j], sa[j], sb[j]) / Math.sqrt(varA * varB);
        return Math.max(-1, Math.min(1, r));
    }

    /** Slope of A's returns on B's at {@code lag}: cov(A, B) / var(B); NaN with fewer than 2 pairs or B without variance. */
    public double beta(int lag) {
        int j = lag + maxLag;
        int k = count[j];
        if (k < 2) {
            return Double.NaN;
        }
        double varB = ExactMoments.coMoment(k, sbb[j], sb[j], sb[j]);
        if (constant(varB, k * sbb[j].value())) {
            return Double.NaN;
        }
        return ExactMoments.coMoment(k, sab[j], sa[j], sb[j]) / varB;
    }

    /**
     * A side counts as constant (no variance) when n·Σ(x − x̄)² is at most {@link #CONSTANT} of n·Σx²: returns that
     * are all equal leave only the rounding of their squares, never exactly 0 unless they are all 0.
     */
    private static boolean constant(double nVar, double nSumSq) {
        return !(nVar > CONSTANT * nSumSq);
    }

    static final double CONSTANT = 1e-10;

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeLong(steps);
        for (int i = 0; i < cap; i++) {
            o.writeDouble(ra[i]);
            o.writeDouble(rb[i]);
            o.writeBoolean(okA[i]);
            o.writeBoolean(okB[i]);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        steps = in.readLong();
        for (int i = 0; i < cap; i++) {
            ra[i] = in.readDouble();
            rb[i] = in.readDouble();
            okA[i] = in.readBoolean();
            okB[i] = in.readBoolean();
        }
        for (int j = 0; j < count.length; j++) {
            sa[j].reset();
            sb[j].reset();
            saa[j].reset();
            sbb[j].reset();
            sab[j].reset();
            count[j] = 0;
        }
        for (long m = Math.max(0, steps - n); m < steps; m++) { // the pairs in the window, added again (exact sums)
            for (int lag = -maxLag; lag <= maxLag; lag++) {
                pair(m, lag, true);
            }
        }
    }
}
