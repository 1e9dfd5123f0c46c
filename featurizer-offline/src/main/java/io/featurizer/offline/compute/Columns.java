package io.featurizer.offline.compute;

import java.util.Arrays;

/**
 * Growable primitive columns for {@link FeatureSeries}, in segments: the first grows by doubling up to
 * {@link #SEGMENT} rows, then whole segments are added, so growing never copies a long column again. A run keeps
 * every output in memory (a depth-25 book is 800 bytes per message) and doubling copies made it allocate and touch
 * about twice that in fresh heap, the largest cost of a wide compute (ComputeThroughput, BENCHMARKS.md).
 */
final class Columns {
    static final int SEGMENT_BITS = 13;
    static final int SEGMENT = 1 << SEGMENT_BITS;
    static final int MASK = SEGMENT - 1;
    private static final int FIRST = 64;

    private Columns() {
    }

    /** Room for row {@code i} in segments {@code segs}: the first segment doubles up to full size, then segments are added. */
    private static int segmentsFor(int i, int segments) {
        return Math.max(segments, (i >>> SEGMENT_BITS) + 1);
    }

    static final class Longs {
        private long[][] segs = {new long[FIRST]};

        void set(int i, long v) {
            int s = i >>> SEGMENT_BITS;
            int r = i & MASK;
            if (s >= segs.length || r >= segs[s].length) {
                grow(i);
            }
            segs[s][r] = v;
        }

        long get(int i) {
            return segs[i >>> SEGMENT_BITS][i & MASK];
        }

        private void grow(int i) {
            int s = i >>> SEGMENT_BITS;
            if (s == 0) {
                segs[0] = Arrays.copyOf(segs[0], Math.min(SEGMENT, Math.max(i + 1, segs[0].length * 2)));
                return;
            }
            segs = Arrays.copyOf(segs, segmentsFor(i, segs.length));
            for (int k = 0; k < segs.length; k++) {
                if (segs[k] == null || segs[k].length < SEGMENT) {
                    segs[k] = segs[k] == null ? new long[SEGMENT] : Arrays.copyOf(segs[k], SEGMENT);
                }
            }
        }
    }

    /** A column of doubles: their raw bits in {@link Longs} (every NaN payload kept). */
    static final class Doubles {
        private final Longs bits = new Longs();

        void set(int i, double v) {
            bits.set(i, Double.doubleToRawLongBits(v));
        }

        double get(int i) {
            return Double.longBitsToDouble(bits.get(i));
        }
    }

    /**
     * A DOUBLE_ARRAY column: each row's values back to back in blocks (a row never spans two; a block is
     * {@link #BLOCK} doubles, or the row's length when longer), found by the row's block, start and length.
     */
    static final class Lists {
        static final int BLOCK = 1 << 16;
        private double[][] blocks = {new double[FIRST]};
        private int block; // the block being filled
        private int fill; // values in it
        private final Longs where = new Longs(); // row -> block << 32 | start
        private final Longs lengths = new Longs();

        void set(int i, double[] values, int n) {
            double[] b = blocks[block];
            if (fill + n > b.length) {
                if (block == 0 && blocks[0].length < BLOCK && fill + n <= BLOCK) { // the first block doubles up to full size
                    b = blocks[0] = Arrays.copyOf(b, Math.min(BLOCK, Math.max(fill + n, b.length * 2)));
                } else { // a new block
                    block++;
                    if (block == blocks.length) {
                        blocks = Arrays.copyOf(blocks, blocks.length * 2);
                    }
                    b = blocks[block] = new double[Math.max(BLOCK, n)];
                    fill = 0;
                }
            }
            System.arraycopy(values, 0, b, fill, n);
            where.set(i, (long) block << 32 | fill);
            lengths.set(i, n);
            fill += n;
        }

        int length(int i) {
            return (int) lengths.get(i);
        }

        /** The block holding row i's values, from {@link #start}. */
        double[] block(int i) {
            return blocks[(int) (where.get(i) >>> 32)];
        }

        int start(int i) {
            return (int) where.get(i);
        }
    }
}
