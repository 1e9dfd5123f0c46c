package io.featurizer.offline;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds a replay back to event time × a speed factor: event time {@code t} is delivered at wall time
 * {@code w0 + (t - t0) / speed}, where {@code t0} is the first event's time and {@code w0} when it was
 * delivered. An event timed before the previous one (out of order) waits for nothing.
 */
final class ReplayPacer {
    private final double speed;
    private long replayStart = Long.MIN_VALUE;
    private long wallStart;

    /** {@code speed} > 0: 1 is real time, 100 a hundred times faster. */
    ReplayPacer(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("replay speed " + speed + ": expected a finite factor > 0 (1 = real time)");
        }
        this.speed = speed;
    }

    double speed() {
        return speed;
    }

    /** Waits until event time {@code time} is due, or until {@code running} turns false (then returns false). */
    boolean awaitDue(long time, BooleanSupplier running) {
        if (replayStart == Long.MIN_VALUE) {
            replayStart = time;
            wallStart = System.nanoTime();
            return running.getAsBoolean();
        }
        long due = wallStart + (long) ((double) (time - replayStart) / speed);
        while (running.getAsBoolean()) {
            long wait = due - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, wait); // stop() unparks the delivery thread
        }
        return false;
    }
}
