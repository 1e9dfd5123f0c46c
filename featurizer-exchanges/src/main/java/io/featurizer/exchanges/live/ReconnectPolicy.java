package io.featurizer.exchanges.live;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnect attempts: the n-th consecutive failure waits
 * {@code min(max, initial · 2^n)} scaled by a random factor in {@code [1 - jitter, 1 + jitter]}, so
 * many clients do not reconnect in lockstep. A successful connection resets the count.
 */
public record ReconnectPolicy(long initialMillis, long maxMillis, double jitter) {
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(100, 30_000, 0.2);

    public ReconnectPolicy {
        if (initialMillis <= 0 || maxMillis < initialMillis || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("reconnect policy needs 0 < initial <= max and 0 <= jitter < 1");
        }
    }

    /** Delay before attempt number {@code failures + 1}. */
    public long delayMillis(int failures) {
        double base = Math.min(maxMillis, initialMillis * Math.pow(2, Math.min(failures, 30)));
        double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(base * factor));
    }
}
