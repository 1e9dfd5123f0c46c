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
        Fixed f = split(v);
        addFixed(f.hi, f.lo);
    }

    /** Adds v to this sum and to {@code total} with one split of v (the multi-level OFI keeps 25 level sums and their total). */
    public void add(double v, FixedPointSum total) {
        if (v == 0.0) {
            return;
        }
        Fixed f = split(v);
        addFixed(f.hi, f.lo);
        total.addFixed(f.hi, f.lo);
    }

    /** Removes v from this sum and from {@code total} with one split of v. */
    public void remove(double v, FixedPointSum total) {
        if (v == 0.0) {
            return;
        }
        Fixed f = split(v);
        removeFixed(f.hi, f.lo);
        total.removeFixed(f.hi, f.lo);
    }

    private void addFixed(long vhi, long vlo) {
        long nlo = lo + vlo;
        hi = Math.addExact(hi, vhi + (Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0)); // throws past the range, never wraps
        lo = nlo;
    }

    private void removeFixed(long vhi, long vlo) {
        long nlo = lo - vlo;
        hi = Math.subtractExact(hi, vhi + (Long.compareUnsigned(lo, vlo) < 0 ? 1 : 0));
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
        Fixed f = split(v);
        removeFixed(f.hi, f.lo);
    }

    /**
     * The sum correctly rounded to a double (a function of the exact sum only). {@link #residual()} gives the part of
     * the exact sum the double could not hold.
     */
    public double value() {
        return toDouble(hi, lo);
    }

    /**
     * The signed 128-bit fixed-point number (hi, lo), correctly rounded: the 64 bits from its leading one down, with the
     * bits below them folded into the lowest as a sticky bit, in one conversion, then an exact power-of-two scale. It
     * replaced adding four exact parts with TwoSum, which misrounded a near-tie whose deciding bit lay 2^-64 below it
     * (FixedPointSumTest); the multi-level OFI and the moments measured the same speed with either.
     */
    private static double toDouble(long hi, long lo) {
        boolean negative = hi < 0;
        long mlo = negative ? -lo : lo; // the magnitude, 128 bits
        long mhi = negative ? ~hi + (lo == 0 ? 1 : 0) : hi;
        double m;
        if (mhi == 0) {
            m = unsignedToDouble(mlo) * 0x1p-64; // below 1: all its bits are in one unsigned long
        } else {
            int k = 64 - Long.numberOfLeadingZeros(mhi); // bits of the integer part, 1..64
            if (k < 64) { // always but at a sum of exactly -2^63: 63 bits with the leading one at bit 62, a positive long
                // (the unsigned conversion of 64 bits that this replaced took its slow half-and-double path every time)
                long top = (mhi << (63 - k)) | ((mlo >>> k) >>> 1) | ((mlo << (63 - k)) != 0 ? 1 : 0);
                m = (double) top * Double.longBitsToDouble((long) (1023 + k - 63) << 52);
            } else {
                m = unsignedToDouble(mhi | (mlo != 0 ? 1 : 0));
            }
        }
        return negative ? -m : m;
    }

    /** The unsigned 64-bit x, correctly rounded: halved with a sticky bit when above 2^63 (doubling back is exact). */
    private static double unsignedToDouble(long x) {
        return x >= 0 ? (double) x : (double) ((x >>> 1) | (x & 1)) * 2.0;
    }

    /**
     * The exact sum minus {@link #value()}, correctly rounded (exact while the sum is below 2^42 in magnitude), for
     * double-double arithmetic on the sum. Worked out from the sum when asked for, so the sums that only give their
     * value (the windows' and the multi-level OFI's) keep no extra state.
     */
    public double residual() {
        return residual(value());
    }

    /** {@link #residual()} for a caller that has this sum's {@link #value()} already: the sum is rounded once, not twice. */
    double residual(double v) {
        // the value as a fixed-point number, exact (its last bit is far above 2^-64); quartered first near the range's
        // edge, where it may round up to 2^63 (past a long: the difference is right modulo 2^128 all the same)
        boolean huge = Math.abs(v) >= 0x1p62;
        Fixed f = split(huge ? v * 0.25 : v);
        long vhi = huge ? (f.hi << 2) | (f.lo >>> 62) : f.hi;
        long vlo = huge ? f.lo << 2 : f.lo;
        long dlo = lo - vlo;
        long dhi = hi - vhi - (Long.compareUnsigned(lo, vlo) < 0 ? 1 : 0);
        return toDouble(dhi, dlo);
    }

    public boolean isZero() {
        return hi == 0 && lo == 0;
    }



    /**
     * A value as a 128-bit two's-complement fixed-point number. C2 inlines split and keeps the pair in registers (escape
     * analysis; no allocation in FeatureCosts' -Xlog:gc). It replaced two scratch fields of the sum that every add wrote and
     * read back: the 30 features of feature-costs-30.yaml 591-659 → 571-597 ns per input.
     */
    private record Fixed(long hi, long lo) {
    }

    /**
     * Splits v into (integer part, fraction bits) of trunc(|v| * 2^64) with v's sign, as a 128-bit
     * two's-complement number. Pure integer work on the double's bits: v = m · 2^(e-52) with a 53-bit
     * m, so |v| · 2^64 = m shifted left by e + 12 (right, truncating, when that is negative).
     */
    private static Fixed split(double v) {
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
        // v's sign onto the 128-bit magnitude without a branch (flows are + and - at random: a branch mispredicts half
        // the time): s = 0 keeps it, s = -1 negates it as ~x + 1, the carry into hi only when lo is 0
        long s = bits >> 63;
        lo = (lo ^ s) - s;
        return new Fixed((hi ^ s) + (s & (lo == 0 ? 1 : 0)), lo);
    }
}
