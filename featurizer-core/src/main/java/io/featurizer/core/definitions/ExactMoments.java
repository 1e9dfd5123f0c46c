package io.featurizer.core.definitions;

import io.featurizer.core.stream.FixedPointSum;

/** Co-moments from exact sums, formed in double-double so the cancelling leading terms keep their rounding errors. */
public final class ExactMoments {
    private ExactMoments() {
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

    /** n·Σxy − Σx·Σy (n² times the population covariance). */
    public static double coMoment(long n, FixedPointSum sxy, FixedPointSum sx, FixedPointSum sy) {
        double xy = sxy.value();
        double xyLo = sxy.residual();
        double x = sx.value();
        double xLo = sx.residual();
        double y = sy.value();
        double yLo = sy.residual();
        double p = n * xy;
        double pErr = Math.fma(n, xy, -p) + n * xyLo;
        double q = x * y;
        double qErr = Math.fma(x, y, -q) + x * yLo + y * xLo;
        return (p - q) + (pErr - qErr);
    }
}
