package io.featurizer.exchanges.coinbase;

/**
 * RFC 3339 timestamps as Coinbase writes them ({@code 2026-04-07T14:30:00.123456Z}, up to nine
 * fraction digits) to and from nanoseconds since the epoch, without allocating on the parse side.
 * Calendar arithmetic is the proleptic Gregorian day count (H. Hinnant's {@code days_from_civil}).
 */
final class Rfc3339 {
    /** Returned by {@link #parse} when the text is not a timestamp. */
    static final long INVALID = Long.MIN_VALUE;

    private Rfc3339() {
    }

    /**
     * Parses the ASCII bytes {@code c[off, off + len)}: {@code YYYY-MM-DD}, {@code T} (or {@code t} or a space),
     * {@code hh:mm:ss}, an optional fraction of any length (digits past the ninth are truncated), and
     * a zone {@code Z}, {@code z}, {@code ±hh:mm} or {@code ±hhmm} (no zone means UTC).
     *
     * @return ns since the epoch, or {@link #INVALID}
     */
    static long parse(byte[] c, int off, int len) {
        int end = off + len;
        if (len < 19) {
            return INVALID;
        }
        int year = digits(c, off, 4, end);
        int month = digits(c, off + 5, 2, end);
        int day = digits(c, off + 8, 2, end);
        int hour = digits(c, off + 11, 2, end);
        int minute = digits(c, off + 14, 2, end);
        int second = digits(c, off + 17, 2, end);
        int t = c[off + 10];
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60 // 60: a leap second, folded below
                || c[off + 4] != '-' || c[off + 7] != '-' || (t != 'T' && t != 't' && t != ' ')
                || c[off + 13] != ':' || c[off + 16] != ':') {
            return INVALID;
        }
        int i = off + 19;
        long nanos = 0;
        if (i < end && c[i] == '.') {
            i++;
            int n = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (n < 9) {
                    nanos = nanos * 10 + (c[i] - '0');
                }
                n++;
                i++;
            }
            if (n == 0) {
                return INVALID;
            }
            for (; n < 9; n++) {
                nanos *= 10;
            }
        }
        long offsetSeconds = 0;
        if (i < end) {
            int z = c[i];
            if (z == 'Z' || z == 'z') {
                i++;
            } else if (z == '+' || z == '-') {
                int oh = digits(c, i + 1, 2, end);
                int om;
                int next;
                if (i + 3 < end && c[i + 3] == ':') {
                    om = digits(c, i + 4, 2, end);
                    next = i + 6;
                } else {
                    om = digits(c, i + 3, 2, end);
                    next = i + 5;
                }
                if (oh < 0 || oh > 23 || om < 0 || om > 59 || next > end) {
                    return INVALID;
                }
                offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
                i = next;
            } else {
                return INVALID;
            }
        }
        if (i != end) {
            return INVALID;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return seconds * 1_000_000_000L + nanos;
    }

    /** Appends {@code nanos} since the epoch as {@code YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ} (UTC, nine fraction digits). */
    static StringBuilder format(long nanos, StringBuilder out) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long fraction = Math.floorMod(nanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        long secondOfDay = Math.floorMod(seconds, 86_400L);
        // civil_from_days
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('.');
        return pad(out, fraction, 9).append('Z');
    }

    static String format(long nanos) {
        return format(nanos, new StringBuilder(30)).toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String s = Long.toString(value);
        for (int k = s.length(); k < width; k++) {
            out.append('0');
        }
        return out.append(s);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date. */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The value of {@code n} ASCII digits at {@code c[at]}, or -1. Reads past {@code end} as invalid. */
    private static int digits(byte[] c, int at, int n, int end) {
        if (at < 0 || at + n > end) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < n; k++) {
            int ch = c[at + k];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
