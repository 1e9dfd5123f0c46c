package io.featurizer.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the config's duration strings ({@code 500ms}, {@code 1s}, {@code 1m}, {@code 1h}, {@code 1d}, also {@code us}/{@code ns}) into nanoseconds. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)\\s*");
    public static final String EXPECTED = "a duration like 500ms, 1s, 30s, 1m, 1h or 1d";

    private Durations() {
    }

    /** Nanoseconds in the given duration; throws {@link IllegalArgumentException} naming the expected form. */
    public static long parseNanos(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        double value = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        double exact = value * unit;
        if (exact >= 0x1p63) {
            throw new IllegalArgumentException("'" + text + "' is too long; a duration is at most " + format(Long.MAX_VALUE / 86_400_000_000_000L * 86_400_000_000_000L));
        }
        long nanos = Math.round(exact);
        if (nanos <= 0) {
            throw new IllegalArgumentException("'" + text + "' must be a positive duration");
        }
        return nanos;
    }

    /** Human form of a nanosecond duration, the largest exact unit (e.g. 60_000_000_000 -> "1m"). */
    public static String format(long nanos) {
        long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return (nanos / units[i]) + names[i];
            }
        }
        return nanos + "ns";
    }
}
