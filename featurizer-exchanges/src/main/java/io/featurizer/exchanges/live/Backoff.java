package io.featurizer.exchanges.live;

import java.util.concurrent.TimeUnit;

/**
 * The retry state of one thing that can fail (a venue's WebSocket, its REST snapshots), under a
 * {@link ReconnectPolicy}: how many failures in a row, and since when the current connection has been up.
 * Not thread-safe: the caller holds its connection's lock.
 */
final class Backoff {
    private final ReconnectPolicy policy;
    private int failures;
    private long upSinceNanos = -1;

    Backoff(ReconnectPolicy policy) {
        this.policy = policy;
    }

    /** The connection is up; the failure count is forgiven only if it stays up for the healthy period. */
    void onUp(long nowNanos) {
        upSinceNanos = nowNanos;
    }

    /** A success that proves health at once (a REST answer): the next failure starts from the initial delay. */
    void onSuccess() {
        failures = 0;
        upSinceNanos = -1;
    }

    /**
     * A failure (a refused connect, a dropped connection, a failed request): the delay before the next
     * attempt, at least {@code minDelayMillis} (a venue's {@code Retry-After}; 0 for none).
     */
    long onFailure(long nowNanos, long minDelayMillis) {
        if (healthy(nowNanos)) {
            failures = 0; // it was healthy for a while: this drop starts a new series
        }
        upSinceNanos = -1;
        long delay = policy.delayMillis(failures);
        if (failures < 64) {
            failures++;
        }
        return Math.max(delay, minDelayMillis);
    }

    /** True when the connection is up and has been for the healthy period. */
    boolean healthy(long nowNanos) {
        return upSinceNanos >= 0 && nowNanos - upSinceNanos >= TimeUnit.MILLISECONDS.toNanos(policy.healthyMillis());
    }

    /** Failures in a row so far. */
    int failures() {
        return failures;
    }
}
