package io.featurizer.core.stream;

/**
 * Exact Σx and Σx² (each x² added as its double-double parts) and the count of a window's values: adds, removes
 * and merges exactly, so the moments depend only on the values in the window. The intermediate of the rolling
 * standard deviation (volatility) and the z-score; its static helpers give the co-moments of two series (Roll's
 * spread, correlation, beta) from exact sums the same way.
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
        sum.add(x);
        addProduct(sumSq, x, x);
        n++;
    }

    public void remove(double x) {
        sum.remove(x);
        removeProduct(sumSq, x, x);
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
        return (s1 + sum.residual(s1)) / n;
    }

    /**
     * n·Σx² − (Σx)², that is n² times the population variance, computed in double-double: the leading terms
     * cancel and their rounding errors are kept. May be a tiny negative number when every value is equal.
     */
    public double spread() { // coMoment(n, sumSq, sum, sum), with Σx read once and its two cross terms as one
        double s1 = sum.value();
        double s1lo = sum.residual(s1);
        double s2 = sumSq.value();
        double s2lo = sumSq.residual(s2);
        double a = n * s2;
        double aErr = Math.fma(n, s2, -a) + n * s2lo;
        double b = s1 * s1;
        double bErr = Math.fma(s1, s1, -b) + 2 * s1 * s1lo;
        return (a - b) + (aErr - bErr);
    }

    /** x·y exactly into {@code s}: the rounded product and its rounding error (fma). */
    public static void addProduct(FixedPointSum s, double x, double y) {
        double p = x * y;
        s.add(p);
        s.add(Math.fma(x, y, -p));
    }

    public static void removeProduct(FixedPointSum s, double x, double y) {
        double p = x * y;
        s.remove(p);
        s.remove(Math.fma(x, y, -p));
    }

    /** n·Σxy − Σx·Σy (n² times the population covariance), in double-double from the exact sums. */
    public static double coMoment(long n, FixedPointSum sxy, FixedPointSum sx, FixedPointSum sy) {
        double xy = sxy.value();
        double xyLo = sxy.residual(xy);
        double x = sx.value();
        double xLo = sx.residual(x);
        double y = sy.value();
        double yLo = sy.residual(y);
        double p = n * xy;
        double pErr = Math.fma(n, xy, -p) + n * xyLo;
        double q = x * y;
        double qErr = Math.fma(x, y, -q) + x * yLo + y * xLo;
        return (p - q) + (pErr - qErr);
    }
}
