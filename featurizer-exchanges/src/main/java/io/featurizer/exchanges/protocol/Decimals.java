package io.featurizer.exchanges.protocol;

/**
 * Parses venue decimal strings ({@code "27450.00"}, {@code "0.0024"}, {@code "1e-5"}) to the double
 * {@link Double#parseDouble} gives, without allocating. Hand-written because it runs for every price
 * and size of every frame. Fast path (Clinger): when the digits fit in 2^53 and the power of ten is
 * at most 22, {@code digits / 10^k} (or {@code × 10^k}) of two exact doubles is correctly rounded;
 * anything else falls back to {@code Double.parseDouble}.
 */
public final class Decimals {
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

    /** Parses {@code chars[offset, offset + length)}; throws {@link NumberFormatException} naming the text. */
    public static double parse(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (i < end && (chars[i] == '-' || chars[i] == '+')) {
            negative = chars[i] == '-';
            i++;
        }
        long digits = 0;
        int significant = 0;
        int scale = 0; // digits after the point
        boolean point = false;
        boolean any = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (significant < 19) {
                    digits = digits * 10 + (c - '0');
                    if (digits != 0) {
                        significant++;
                    }
                    if (point) {
                        scale++;
                    }
                } else if (!point) {
                    return slow(chars, offset, length); // more integer digits than a long holds
                } else if (c != '0') {
                    return slow(chars, offset, length);
                }
            } else if (c == '.' && !point) {
                point = true;
            } else if (c == 'e' || c == 'E') {
                break;
            } else {
                throw new NumberFormatException("'" + new String(chars, offset, length) + "' is not a decimal number");
            }
        }
        if (!any) {
            throw new NumberFormatException("'" + new String(chars, offset, length) + "' is not a decimal number");
        }
        int exp10 = -scale;
        if (i < end) { // exponent
            i++;
            boolean expNeg = false;
            if (i < end && (chars[i] == '-' || chars[i] == '+')) {
                expNeg = chars[i] == '-';
                i++;
            }
            int e = 0;
            boolean expDigits = false;
            for (; i < end; i++) {
                char c = chars[i];
                if (c < '0' || c > '9' || e > 10_000) {
                    return slow(chars, offset, length);
                }
                e = e * 10 + (c - '0');
                expDigits = true;
            }
            if (!expDigits) {
                throw new NumberFormatException("'" + new String(chars, offset, length) + "' is not a decimal number");
            }
            exp10 += expNeg ? -e : e;
        }
        if (digits < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 < 0 ? digits / POW10[-exp10] : digits * POW10[exp10];
            return negative ? -v : v;
        }
        return slow(chars, offset, length);
    }

    public static double parse(CharSequence s) {
        char[] c = new char[s.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = s.charAt(i);
        }
        return parse(c, 0, c.length);
    }

    private static double slow(char[] chars, int offset, int length) {
        return Double.parseDouble(new String(chars, offset, length));
    }
}
