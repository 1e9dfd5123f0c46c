package io.featurizer.core.text;

import java.nio.charset.StandardCharsets;

/**
 * Parses ASCII decimal numbers ({@code -12.5}, {@code .5}, {@code 3.}, {@code 1e-8}) from bytes without
 * allocating, giving exactly what {@link Double#parseDouble} gives for the same text. Hand-written
 * because it runs for every price and size of every venue frame and vendor CSV row, straight on the
 * bytes they arrive in.
 *
 * <p>Exactness: the digits are read into a long mantissa {@code m} and a power of ten {@code e}. When
 * {@code m <= 2^53} and {@code |e| <= 22}, both {@code m} and {@code 10^|e|} are exact doubles, so one
 * IEEE multiplication or division rounds the exact value once, correctly (Clinger's fast path). Other
 * inputs (more than 18 significant digits, larger exponents) go to {@code Double.parseDouble}.
 */
public final class Decimals {
    private static final long MAX_EXACT = 1L << 53;
    private static final int MAX_FAST_DIGITS = 18;
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /**
     * The number in {@code b[start, end)}.
     *
     * @throws NumberFormatException if the bytes are not an optionally signed decimal with an optional exponent
     */
    public static double parse(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long m = 0;
        int significant = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        byte c;
        while (i < end && (c = b[i]) >= '0' && c <= '9') {
            anyDigit = true;
            if (m != 0 || c != '0') {
                if (++significant <= MAX_FAST_DIGITS) {
                    m = m * 10 + (c - '0');
                } // else: too many digits for the fast path; parse() hands the text to the slow path
            }
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                anyDigit = true;
                if (m != 0 || c != '0') {
                    if (++significant <= MAX_FAST_DIGITS) {
                        m = m * 10 + (c - '0');
                        exp10--;
                    }
                } else {
                    exp10--;
                }
                i++;
            }
        }
        if (!anyDigit) {
            throw invalid(b, start, end);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            int e = 0;
            boolean expDigit = false;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                expDigit = true;
                if (e < 100_000) {
                    e = e * 10 + (c - '0');
                }
                i++;
            }
            if (!expDigit) {
                throw invalid(b, start, end);
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != end) {
            throw invalid(b, start, end);
        }
        if (significant > MAX_FAST_DIGITS || m > MAX_EXACT) {
            return slow(b, start, end);
        }
        double v;
        if (m == 0) {
            v = 0;
        } else if (exp10 == 0) {
            v = m;
        } else if (exp10 > 0 && exp10 <= 22) {
            v = m * POW10[exp10];
        } else if (exp10 < 0 && exp10 >= -22) {
            v = m / POW10[-exp10];
        } else {
            return slow(b, start, end);
        }
        return negative ? -v : v;
    }

    /** Like {@link #parse(byte[], int, int)}, for text already decoded (e.g. a JSON string with escapes): allocates. */
    public static double parse(CharSequence text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            if (c > 127) {
                throw new NumberFormatException("not a decimal number: '" + text + "'");
            }
            b[i] = (byte) c;
        }
        return parse(b, 0, b.length);
    }

    private static double slow(byte[] b, int start, int end) {
        return Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static NumberFormatException invalid(byte[] b, int start, int end) {
        return new NumberFormatException("not a decimal number: '" + new String(b, start, end - start, StandardCharsets.ISO_8859_1) + "'");
    }
}
