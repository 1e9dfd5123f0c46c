package io.featurizer.exchanges.okx;

import java.math.BigDecimal;

/**
 * Turns a price or size held as a {@code double} back into the decimal string OKX would have sent,
 * for the book checksum (which is defined over the venue's exact strings) and for the simulator's
 * frames. The string is the shortest plain decimal that parses back to the same double, which is
 * {@code BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()}: {@code 8477.0 -> "8477"},
 * {@code 1.0E-5 -> "0.00001"}, {@code 100.0 -> "100"}.
 *
 * <p>This equals the venue's string whenever the venue sends canonical decimals (no trailing zeros
 * after the point, no leading zeros, no exponent) with at most 15 significant digits, as OKX's
 * documented examples do ({@code "8476.98"}, {@code "8477"}, {@code "0.12060306"}). Such a string
 * round-trips exactly: it is the only decimal of that length mapping to its double, and no shorter
 * one maps there. {@link #isCanonical} tells whether a received string is of that kind.
 *
 * <p>Fast path, allocation-free: for the smallest {@code k} with {@code m = round(|d| * 10^k) < 10^15}
 * and {@code m / 10^k == |d|} (both exact doubles, so the division is correctly rounded, exactly as
 * parsing the decimal would be), the digits of {@code m} with {@code k} decimals are the answer.
 * Doubles that are no short decimal (results of arithmetic such as {@code 3000001 * 0.01 =
 * 30000.010000000002}) fall back to {@code BigDecimal}, which allocates.
 */
public final class OkxDecimal {
    /** Longest output of the fast path: 15 digits, a point, up to 22 leading fraction zeros, a sign. */
    static final int MAX_FAST_CHARS = 40;
    private static final double[] POW10 = new double[23];
    private static final double FAST_LIMIT = 1e15;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private OkxDecimal() {
    }

    /**
     * Writes the decimal string of {@code d} as ASCII bytes into {@code out} from {@code pos} when
     * {@code d} has the allocation-free form, and returns the position after it; returns -1 (writing
     * nothing) when it has not, and the caller uses {@link #toString(double)}. {@code out} needs room
     * for {@link #MAX_FAST_CHARS} bytes from {@code pos}.
     */
    public static int writeFast(double d, byte[] out, int pos) {
        if (d == 0) {
            out[pos] = '0';
            return pos + 1;
        }
        double a = Math.abs(d);
        for (int k = 0; k < POW10.length; k++) {
            double x = a * POW10[k];
            if (!(x < FAST_LIMIT)) {
                return -1;
            }
            long m = Math.round(x);
            if (m / POW10[k] == a) {
                if (d < 0) {
                    out[pos++] = '-';
                }
                return writeScaled(m, k, out, pos);
            }
        }
        return -1;
    }

    /** Appends the decimal string of {@code d} (the simulator's frames); {@code scratch} holds {@link #MAX_FAST_CHARS} bytes. */
    public static StringBuilder append(StringBuilder sb, double d, byte[] scratch) {
        int n = writeFast(d, scratch, 0);
        if (n < 0) {
            return sb.append(slow(d));
        }
        for (int i = 0; i < n; i++) {
            sb.append((char) scratch[i]);
        }
        return sb;
    }

    /** The decimal string of {@code d}. */
    public static String toString(double d) {
        byte[] b = new byte[MAX_FAST_CHARS];
        int n = writeFast(d, b, 0);
        return n < 0 ? slow(d) : new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String slow(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("no decimal string for " + d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static int writeScaled(long m, int k, byte[] out, int pos) {
        // digits of m, most significant first
        int n = 1;
        for (long t = m / 10; t != 0; t /= 10) {
            n++;
        }
        if (k == 0) {
            writeDigits(m, n, out, pos);
            return pos + n;
        }
        if (n > k) { // integer part and fraction
            int intDigits = n - k;
            writeDigits(m, n, out, pos); // write all, then open a gap for the point
            System.arraycopy(out, pos + intDigits, out, pos + intDigits + 1, k);
            out[pos + intDigits] = '.';
            return pos + n + 1;
        }
        out[pos++] = '0';
        out[pos++] = '.';
        for (int z = n; z < k; z++) {
            out[pos++] = '0';
        }
        writeDigits(m, n, out, pos);
        return pos + n;
    }

    private static void writeDigits(long m, int n, byte[] out, int pos) {
        for (int i = pos + n - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + (m % 10));
            m /= 10;
        }
    }

    /**
     * True when the ASCII decimal {@code b[start, start + len)} is one this class reproduces exactly
     * from its double without further checking: digits with at most one point, no trailing zero after
     * the point, no leading zero before another integer digit, no sign or exponent, at most 15
     * significant digits. {@code "8476.98"}, {@code "0"}, {@code "0.00001"} are; {@code "0.10"},
     * {@code "8477.0"}, {@code "08"}, {@code "1e-5"} are not, nor is a 16-digit string (which
     * {@link #reproduces} may still accept).
     */
    public static boolean isCanonical(byte[] b, int start, int len) {
        int digits = canonicalDigits(b, start, len);
        return digits >= 0 && digits <= 15;
    }

    /**
     * True when {@link #toString(double) toString(value)} gives back exactly the ASCII string
     * {@code b[start, start + len)} that {@code value} was parsed from. Decided from the string alone
     * (no allocation) up to 15 significant digits; longer canonical strings, which only arithmetic
     * doubles such as the simulator's {@code 30000.010000000002} produce, are compared with the
     * formatted value (allocates).
     */
    public static boolean reproduces(double value, byte[] b, int start, int len) {
        int digits = canonicalDigits(b, start, len);
        if (digits < 0) {
            return false;
        }
        if (digits <= 15) {
            return true;
        }
        String s = toString(value);
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[start + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Significant digits of a canonical decimal string, or -1 when it is not canonical. */
    private static int canonicalDigits(byte[] b, int start, int len) {
        if (len <= 0) {
            return -1;
        }
        int end = start + len;
        if (b[start] == '0' && len > 1 && b[start + 1] != '.') {
            return -1;
        }
        boolean point = false;
        int significant = 0;
        boolean nonZeroSeen = false;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '.') {
                if (point || i == start || i == end - 1) {
                    return -1;
                }
                point = true;
            } else if (c >= '0' && c <= '9') {
                if (c != '0') {
                    nonZeroSeen = true;
                }
                if (nonZeroSeen) {
                    significant++;
                }
            } else {
                return -1;
            }
        }
        if (point && b[end - 1] == '0') {
            return -1;
        }
        return significant;
    }
}
