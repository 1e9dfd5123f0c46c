package io.featurizer.core.stream;

/**
 * Exact Σx and Σx² (each x² added as its double-double parts) and the count of a window's values: adds, removes
 * and merges exactly, so the moments depend only on the values in the window. The intermediate of the rolling
 * standard deviation (volatility) and the z-score.
 */
public final class ExactMoments {
    private final FixedPointSum sum = new FixedPointSum();
    private final FixedPointSum sumSq = new FixedPointSum();
    private int n;

    public void reset() {
        sum.reset();
        sumSq.reset();
        n = 0;
    }

    public void add(double x) {
        double sq = x * x;
        sum.add(x);
        sumSq.add(sq);
        sumSq.add(Math.fma(x, x, -sq));
        n++;
    }

    public void remove(double x) {
        double sq = x * x;
        sum.remove(x);
        sumSq.remove(sq);
        sumSq.remove(Math.fma(x, x, -sq));
        n--;
    }

    /** Adds another window's moments (exact: merging equals adding the values one by one). */
    public void merge(ExactMoments later) {
        sum.add(later.sum);
        sumSq.add(later.sumSq);
        n += later.n;
    }

    public int count() {
        return n;
    }

    /** The mean, from the exact sum in double-double. */
    public double mean() {
        double s1 = sum.value();
        return (s1 + sum.residual()) / n;
    }

    /**
     * n·Σx² − (Σx)², that is n² times the population variance, computed in double-double: the leading terms
     * cancel and their rounding errors are kept. May be a tiny negative number when every value is equal.
     */
    public double spread() {
        double s1 = sum.value();
        double s1lo = sum.residual();
        double s2 = sumSq.value();
        double s2lo = sumSq.residual();
        double a = n * s2;
        double aErr = Math.fma(n, s2, -a) + n * s2lo;
        double b = s1 * s1;
        double bErr = Math.fma(s1, s1, -b) + 2 * s1 * s1lo;
        return (a - b) + (aErr - bErr);
    }
}
