package io.featurizer.core.stream;

/**
 * A running sum of doubles that adds and removes exactly, so its value depends only on the multiset
 * of values currently in it, never on the order or history of updates. That is what makes a sliding
 * window's result after a chunked (warm-up) replay bit-identical to one uninterrupted run, which
 * plain double running sums are not (they carry rounding from every past add and remove).
 *
 * <p>Each value is mapped deterministically to a 128-bit two's-complement fixed-point number with 64
 * fractional bits (bits of the magnitude below 2^-64 are truncated, a function of the value alone); sums are exact integer arithmetic. Range: |value| < 2^62 and |sum| < 2^63, else
 * {@link ArithmeticException}. Hand-written because it is on the
 * hot path of every window (two longs, no allocation).
 */
public final class FixedPointSum implements io.featurizer.core.state.Snapshottable {
    private long hi; // integer part (two's complement, with lo as the unsigned fraction)
    private long lo; // fraction bits, unsigned

    /** The exact state, 16 bytes (a sum declared in an operator's state: {@code state.add(new FixedPointSum())}). */
    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(hi);
        out.writeLong(lo);
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        hi = in.readLong();
        lo = in.readLong();
    }

    public void reset() {
        hi = 0;
        lo = 0;
    }

    public void add(double v) {
        if (v == 0.0) {
            return;
        }
        split(v);
        addSplit();
    }

    /** Adds v to this sum and to {@code total} with one split of v (the multi-level OFI keeps 25 level sums and their total). */
    public void add(double v, FixedPointSum total) {
        if (v == 0.0) {
            return;
        }
        split(v);
        addSplit();
        total.splitHi = splitHi;
        total.splitLo = splitLo;
        total.addSplit();
    }

    /** Removes v from this sum and from {@code total} with one split of v. */
    public void remove(double v, FixedPointSum total) {
        if (v == 0.0) {
            return;
        }
        split(v);
        removeSplit();
        total.splitHi = splitHi;
        total.splitLo = splitLo;
        total.removeSplit();
    }

    private void addSplit() {
        long nlo = lo + splitLo;
        hi = Math.addExact(hi, splitHi + (Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0)); // throws past the range, never wraps
        lo = nlo;
    }

    private void removeSplit() {
        long nlo = lo - splitLo;
        hi = Math.subtractExact(hi, splitHi + (Long.compareUnsigned(lo, splitLo) < 0 ? 1 : 0));
        lo = nlo;
    }

    /** Adds another sum: exact, so merging partial sums equals adding their values one by one. */
    public void add(FixedPointSum other) {
        long nlo = lo + other.lo;
        hi = Math.addExact(Math.addExact(hi, other.hi), Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0);
        lo = nlo;
    }

    public void remove(double v) {
        if (v == 0.0) {
            return;
        }
        split(v);
        removeSplit();
    }

    /**
     * The sum rounded to a double (a function of the exact sum only). Also computes
     * {@link #residual()}, the part of the exact sum the double could not hold.
     */
    public double value() {
        if (hi == 0 || (hi == -1 && lo != 0)) {
            return belowOne();
        }
        // The 128-bit two's-complement N = hi·2^64 + lo (lo unsigned) is hi + lo·2^-64 for either sign.
        // Split it into four exactly representable parts and add them with TwoSum, so no fraction bit
        // is lost before the final rounding (cancellation in n·Σx² − (Σx)² would expose it).
        double p0 = (double) hi;
        double p1 = (double) (hi - (long) p0); // what rounding hi dropped, exact
        double p2 = (double) (lo >>> 11) * 0x1p-53; // top 53 fraction bits, exact
        double p3 = (double) (lo & 0x7FFL) * 0x1p-64; // low 11 fraction bits, exact
        double s = p0;
        double err = 0;
        double n;
        double bb;
        if (p1 != 0) { // |hi| ≥ 2^53 only: below, (double) hi is exact
            n = s + p1;
            bb = n - s;
            err += (s - (n - bb)) + (p1 - bb);
            s = n;
        }
        n = s + p2;
        bb = n - s;
        err += (s - (n - bb)) + (p2 - bb);
        s = n;
        n = s + p3;
        bb = n - s;
        err += (s - (n - bb)) + (p3 - bb);
        s = n;
        double v = s + err;
        residual = err - (v - s);
        return v;
    }

    /**
     * {@link #value()} of a sum below 1 in magnitude (hi 0, or −1 with a fraction): the magnitude·2^64 is one unsigned
     * integer, so one correctly rounded conversion gives the same double as the general path (which rounds correctly
     * there; FixedPointSumTest), and the residual is the integer difference. Most window sums of small sizes are here:
     * the multi-level OFI rounds ~5 sums per book message.
     */
    private double belowOne() {
        boolean negative = hi == -1;
        long m = negative ? -lo : lo; // |sum|·2^64, unsigned
        double v = unsignedToDouble(m) * 0x1p-64;
        double scaled = v * 0x1p64; // the rounded magnitude as an integer, up to 2^64 (then 0 modulo 2^64)
        long r = scaled == 0x1p64 ? 0 : scaled < 0x1p63 ? (long) scaled : ((long) (scaled * 0.5)) << 1; // ≥ 2^63: even
        double res = (double) (m - r) * 0x1p-64; // |m − r| ≤ 2^11: exact
        residual = negative ? 0.0 - res : res;
        return negative ? -v : v;
    }

    /** The unsigned 64-bit x, correctly rounded: halved with a sticky bit when above 2^63 (doubling back is exact). */
    private static double unsignedToDouble(long x) {
        return x >= 0 ? (double) x : (double) ((x >>> 1) | (x & 1)) * 2.0;
    }

    /** Exact sum minus the last {@link #value()}, for double-double arithmetic on the sum. */
    public double residual() {
        return residual;
    }

    public boolean isZero() {
        return hi == 0 && lo == 0;
    }


    private double residual;

    // Result of split(); fields instead of a returned pair so the hot path allocates nothing.
    private long splitHi;
    private long splitLo;

    /**
     * Splits v into (integer part, fraction bits) of trunc(|v| * 2^64) with v's sign, as a 128-bit
     * two's-complement number. Pure integer work on the double's bits: v = m · 2^(e-52) with a 53-bit
     * m, so |v| · 2^64 = m shifted left by e + 12 (right, truncating, when that is negative).
     */
    private void split(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0x7FF || biased >= 1023 + 62) {
            throw new ArithmeticException("value out of FixedPointSum range: " + v);
        }
        long m = bits & 0xF_FFFF_FFFF_FFFFL;
        int e;
        if (biased == 0) {
            e = -1022; // subnormal: no implicit bit
        } else {
            m |= 1L << 52;
            e = biased - 1023;
        }
        int shift = e + 12; // in [-1062, 73]
        long hi;
        long lo;
        if (shift >= 64) {
            hi = m << (shift - 64);
            lo = 0;
        } else if (shift > 0) {
            hi = m >>> (64 - shift);
            lo = m << shift;
        } else if (shift > -64) {
            hi = 0;
            lo = m >>> -shift;
        } else {
            hi = 0;
            lo = 0;
        }
        if (bits < 0) { // negate the 128-bit magnitude
            lo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
        }
        splitHi = hi;
        splitLo = lo;
    }
}
