package io.featurizer.exchanges.live;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy of a live feed, for WebSocket reconnects and REST snapshot requests alike: the n-th
 * consecutive failure waits {@code min(max, initial · 2^n)} scaled by a random factor in
 * {@code [1 - jitter, 1 + jitter]}, so many clients do not retry in lockstep. The count of failures is
 * reset only once a connection has stayed up for {@code healthyMillis} (a venue that accepts and then drops
 * at once keeps backing off), or once a REST request succeeds. The state lives in {@link Backoff}.
 */
public record ReconnectPolicy(long initialMillis, long maxMillis, double jitter, long healthyMillis) {
    /** 100 ms doubling to 30 s, ±20 %, reset after 30 s of healthy connection. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(100, 30_000, 0.2, 30_000);

    public ReconnectPolicy {
        if (initialMillis <= 0 || maxMillis < initialMillis || jitter < 0 || jitter >= 1 || healthyMillis < 0) {
            throw new IllegalArgumentException("reconnect policy needs 0 < initial <= max, 0 <= jitter < 1 and healthy >= 0 (ms), got initial "
                    + initialMillis + ", max " + maxMillis + ", jitter " + jitter + ", healthy " + healthyMillis);
        }
    }

    /** The default healthy period (30 s) with the given backoff. */
    public ReconnectPolicy(long initialMillis, long maxMillis, double jitter) {
        this(initialMillis, maxMillis, jitter, DEFAULT.healthyMillis);
    }

    /** Delay before attempt number {@code failures + 1}. */
    public long delayMillis(int failures) {
        double base = Math.min(maxMillis, initialMillis * Math.pow(2, Math.min(failures, 30)));
        double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(base * factor));
    }
}
