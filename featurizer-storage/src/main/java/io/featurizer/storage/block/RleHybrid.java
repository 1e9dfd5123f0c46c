package io.featurizer.storage.block;

/**
 * Parquet's RLE / bit-packing hybrid encoding, for repetition and definition levels (and
 * dictionary indices when reading). A run is a varint header, then either one repeated value
 * ({@code header = count << 1}, value in ceil(width/8) bytes) or groups of 8 bit-packed values,
 * LSB first ({@code header = groups << 1 | 1}).
 */
final class RleHybrid {
    /** Shortest run written as RLE; shorter runs go in bit-packed groups (a run must absorb up to 7 values to align them). */
    private static final int MIN_RLE = 16;

    private RleHybrid() {
    }

    /** Appends {@code levels[0..n)} (each below 2^width, width 1..8) to {@code out}. */
    static void encode(byte[] levels, int n, int width, ByteSink out) {
        int literalStart = 0;
        int i = 0;
        while (i < n) {
            byte v = levels[i];
            int end = i + 1;
            while (end < n && levels[end] == v) {
                end++;
            }
            if (end - i >= MIN_RLE) {
                // bit-packed runs hold whole groups of 8, so the pending literals take the first values of this run
                int start = i + ((8 - (i - literalStart) % 8) % 8);
                packed(levels, literalStart, start, width, out);
                out.putVarint((end - start) << 1);
                for (int b = 0; b < width; b += 8) {
                    out.put(v >>> b);
                }
                literalStart = end;
            }
            i = end;
        }
        packed(levels, literalStart, n, width, out); // the last group is padded with zeros
    }

    private static void packed(byte[] levels, int from, int to, int width, ByteSink out) {
        if (from >= to) {
            return;
        }
        int groups = (to - from + 7) / 8;
        out.putVarint(groups << 1 | 1);
        out.ensure(groups * width);
        long acc = 0;
        int bits = 0;
        for (int i = from; i < from + groups * 8; i++) {
            acc |= (long) (i < to ? levels[i] & 0xFF : 0) << bits;
            bits += width;
            while (bits >= 8) {
                out.buf[out.size++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
    }

    /**
     * Decodes {@code n} values of {@code width} bits from {@code src[pos..end)} into {@code dst[0..n)};
     * returns the position after the last run read.
     */
    static int decode(byte[] src, int pos, int end, int width, int n, int[] dst) {
        int count = 0;
        int valueBytes = (width + 7) / 8;
        while (count < n) {
            long header = 0;
            for (int shift = 0;; shift += 7) {
                if (pos >= end || shift > 28) {
                    throw new ParquetFormatException("levels or indices end inside a run header at byte " + pos);
                }
                int b = src[pos++] & 0xFF;
                header |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if ((header & 1) == 0) {
                int run = (int) Math.min(header >>> 1, n - count);
                if (run == 0 || pos + valueBytes > end) {
                    throw new ParquetFormatException("bad RLE run at byte " + pos);
                }
                int v = 0;
                for (int b = 0; b < valueBytes; b++) {
                    v |= (src[pos++] & 0xFF) << (8 * b);
                }
                java.util.Arrays.fill(dst, count, count + run, v);
                count += run;
            } else {
                long groups = header >>> 1;
                long bytes = groups * width;
                if (groups == 0 || bytes > end - pos) {
                    throw new ParquetFormatException("bit-packed run of " + groups + " groups overruns its data at byte " + pos);
                }
                int values = (int) Math.min(groups * 8, n - count);
                long mask = (1L << width) - 1;
                long acc = 0;
                int bits = 0;
                int p = pos;
                for (int k = 0; k < values; k++) {
                    while (bits < width) {
                        acc |= (long) (src[p++] & 0xFF) << bits;
                        bits += 8;
                    }
                    dst[count++] = (int) (acc & mask);
                    acc >>>= width;
                    bits -= width;
                }
                pos += (int) bytes;
            }
        }
        return pos;
    }
}
