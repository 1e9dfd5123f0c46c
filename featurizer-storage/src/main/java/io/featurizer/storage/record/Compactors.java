package io.featurizer.storage.record;

import io.featurizer.core.text.Durations;

import java.time.Duration;
import java.util.Locale;

/** Parses a compaction spec from the command line: {@code 1m}/{@code 1h}/{@code 1d} (time), {@code count:N}, {@code memory:64mb}. */
public final class Compactors {
    public static final String EXPECTED = "a bucket length like 1m, 1h or 1d, count:N (events per block), or memory:SIZE like memory:64mb";

    private Compactors() {
    }

    public static Compactor parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("count:")) {
                return new CountBasedCompactor(Integer.parseInt(s.substring(6)));
            }
            if (s.startsWith("memory:")) {
                return new MemoryBasedCompactor(bytes(s.substring(7)));
            }
            return new TimeBasedCompactor(Duration.ofNanos(Durations.parseNanos(s)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compaction '" + spec + "': expected " + EXPECTED + " (" + e.getMessage() + ")", e);
        }
    }

    private static long bytes(String s) {
        long unit = 1;
        if (s.endsWith("kb")) {
            unit = 1L << 10;
        } else if (s.endsWith("mb")) {
            unit = 1L << 20;
        } else if (s.endsWith("gb")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? (s.endsWith("b") ? s.substring(0, s.length() - 1) : s) : s.substring(0, s.length() - 2);
        return Math.multiplyExact(Long.parseLong(digits.trim()), unit);
    }
}
