package io.featurizer.storage.block;

/**
 * Reusable exact-length copies of array prefixes. The appender takes a list value as a whole
 * {@code double[]}, while events keep longer backing arrays with a valid length; one scratch array
 * per length avoids allocating per event once the lengths seen have been met.
 */
final class ExactArrays {
    private double[][] byLength = new double[64][];

    /** The first {@code n} entries of {@code source} in an array of length exactly n (valid until the next call with n). */
    double[] prefix(double[] source, int n) {
        if (n >= byLength.length) {
            byLength = java.util.Arrays.copyOf(byLength, Math.max(n + 1, byLength.length * 2));
        }
        double[] a = byLength[n];
        if (a == null) {
            a = byLength[n] = new double[n];
        }
        System.arraycopy(source, 0, a, 0, n);
        return a;
    }
}
