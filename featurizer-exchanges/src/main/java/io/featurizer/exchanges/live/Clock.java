package io.featurizer.exchanges.live;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the epoch for {@code receiptTs}: epoch time sampled once,
 * advanced with {@link System#nanoTime()} (monotonic, cheap, no allocation per frame).
 */
public final class Clock {
    private static final long EPOCH_AT_START;
    private static final long NANO_AT_START;

    static {
        Instant now = Instant.now();
        NANO_AT_START = System.nanoTime();
        EPOCH_AT_START = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private Clock() {
    }

    public static long nowNanos() {
        return EPOCH_AT_START + (System.nanoTime() - NANO_AT_START);
    }
}
