package io.featurizer.serve.plot;

import java.util.Arrays;

/**
 * M4 downsampling (Jugel et al., VLDB 2014): a series is cut into {@code buckets} equal time spans and each
 * span keeps its first, lowest, highest and last point, in time order. A line drawn through what is kept
 * covers the same pixels as one drawn through every point when there are about as many buckets as pixel
 * columns, so a day of per-event values plots from a few thousand points. NaN values (no value yet) are
 * left out.
 */
public final class Downsample {
    private Downsample() {
    }

    /** Points kept: times and values, in time order. */
    public record Points(long[] times, double[] values) {
        public int size() {
            return times.length;
        }
    }

    /**
     * Keeps at most four points per bucket of {@code [from, to]}; {@code times} ascending. Points outside
     * the range are left out.
     */
    public static Points m4(long[] times, double[] values, long from, long to, int buckets) {
        if (buckets < 1 || to < from) {
            throw new IllegalArgumentException("need at least one bucket over a range, got " + buckets + " over [" + from + ", " + to + "]");
        }
        long[] outT = new long[Math.min(times.length, 4 * buckets)];
        double[] outV = new double[outT.length];
        int n = 0;
        double width = ((double) to - from + 1) / buckets;
        int i = 0;
        while (i < times.length) {
            if (Double.isNaN(values[i]) || times[i] < from || times[i] > to) {
                i++;
                continue;
            }
            int bucket = (int) Math.min(buckets - 1, (long) ((times[i] - (double) from) / width));
            int first = i;
            int last = i;
            int min = i;
            int max = i;
            int j = i + 1;
            for (; j < times.length && times[j] <= to && (int) Math.min(buckets - 1, (long) ((times[j] - (double) from) / width)) == bucket; j++) {
                if (Double.isNaN(values[j])) {
                    continue;
                }
                last = j;
                if (values[j] < values[min]) {
                    min = j;
                }
                if (values[j] > values[max]) {
                    max = j;
                }
            }
            int[] keep = {first, min, max, last};
            Arrays.sort(keep);
            int previous = -1;
            for (int k : keep) {
                if (k != previous) {
                    if (n == outT.length) {
                        outT = Arrays.copyOf(outT, n * 2 + 4);
                        outV = Arrays.copyOf(outV, outT.length);
                    }
                    outT[n] = times[k];
                    outV[n++] = values[k];
                    previous = k;
                }
            }
            i = j;
        }
        return new Points(Arrays.copyOf(outT, n), Arrays.copyOf(outV, n));
    }
}
