package io.featurizer.exchanges.sim;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The simulator's send clock: calls {@code step} with the number of messages due, at the times the
 * {@link Pacing} gives, until {@code running} turns false. A stall (the simulator's fault; 0 = none) holds
 * sending without building a backlog, and so does falling more than a second behind.
 *
 * <p><b>Waiting without burning a core where it can.</b> On the 2-vCPU VM this was measured on,
 * {@code parkNanos} returns ~95 µs late at the median and ~150 µs at p99 (timer slack 50 µs plus the
 * hypervisor), so a park can only cover the part of a gap longer than {@link #PARK_MARGIN_NANOS};
 * the rest is spun. At 50 k messages/s (20 µs mean gap) that means mostly spinning: fine pacing
 * costs about one core, which is why {@link Pacing#BATCHED} stays available.
 */
final class Pacer {
    /** Park only this far ahead of a due time (parkNanos overshoot on the measured VM, with room to spare). */
    static final long PARK_MARGIN_NANOS = Long.getLong("featurizer.sim.parkMarginNanos", 250_000);
    private static final long BATCH_NANOS = 1_000_000;
    private static final long MAX_BEHIND_NANOS = 1_000_000_000;

    private final Pacing pacing;
    private final double rate;
    private final SplittableRandom random;

    /** @param seed draws the Poisson gaps (the same run twice sends at the same offsets) */
    Pacer(Pacing pacing, double messagesPerSecond, long seed) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + messagesPerSecond);
        }
        this.pacing = pacing;
        this.rate = messagesPerSecond;
        this.random = new SplittableRandom(seed);
    }

    void run(BooleanSupplier running, LongSupplier stallUntilNanos, IntConsumer step) {
        if (pacing == Pacing.BATCHED) {
            runBatched(running, stallUntilNanos, step);
        } else {
            runEach(running, stallUntilNanos, step);
        }
    }

    /** One message at each due time. */
    private void runEach(BooleanSupplier running, LongSupplier stallUntilNanos, IntConsumer step) {
        long due = System.nanoTime();
        while (running.getAsBoolean()) {
            long now = System.nanoTime();
            long stallUntil = stallUntilNanos.getAsLong();
            if (stallUntil != 0 && now - stallUntil < 0) {
                LockSupport.parkNanos(Math.min(stallUntil - now, BATCH_NANOS));
                due = Math.max(due, stallUntil); // what fell due in the stall is not sent afterwards
                continue;
            }
            if (due - now > 0) {
                awaitUntil(due);
                continue; // check running and stall again before sending
            }
            if (now - due > MAX_BEHIND_NANOS) {
                due = now; // far behind (the process was suspended): resume the rate, do not burst
            }
            step.accept(1);
            due += gapNanos();
        }
    }

    long gapNanos() {
        double mean = 1e9 / rate;
        return pacing == Pacing.EVEN ? (long) mean : (long) (-Math.log(1 - random.nextDouble()) * mean);
    }

    /** Parks while the due time is far, then spins the last stretch (see the class comment). */
    static void awaitUntil(long due) {
        while (true) {
            long left = due - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > PARK_MARGIN_NANOS) {
                LockSupport.parkNanos(left - PARK_MARGIN_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** What is due every millisecond, sent together; parks in between (no spinning at all). */
    private void runBatched(BooleanSupplier running, LongSupplier stallUntilNanos, IntConsumer step) {
        long start = System.nanoTime();
        long sent = 0;
        while (running.getAsBoolean()) {
            long now = System.nanoTime();
            long stallUntil = stallUntilNanos.getAsLong();
            if (stallUntil != 0 && now - stallUntil < 0) {
                LockSupport.parkNanos(Math.min(stallUntil - now, BATCH_NANOS));
                start += Math.min(stallUntil - now, BATCH_NANOS); // a stall does not build a backlog
                continue;
            }
            long due = (long) ((now - start) * rate / 1e9) - sent;
            if (due > rate) {
                sent += due - (long) rate; // more than a second behind: do not burst to catch up
                due = (long) rate;
            }
            if (due > 0) {
                step.accept((int) due);
                sent += due;
            }
            LockSupport.parkNanos(BATCH_NANOS);
        }
    }
}
