package io.featurizer.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM handling for long-running commands: {@link #await} returns on a time limit or a
 * signal (after running {@code onSignal}, e.g. stopping the feeds); on a signal the JVM is then held
 * open until the command {@link #close()}s, so it can flush and print its summary.
 */
final class StopSignal implements AutoCloseable {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopSignal(Runnable onSignal, long graceSeconds) {
        hook = new Thread(() -> {
            onSignal.run();
            signalled.countDown();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "featurizer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits until the time limit ({@code <= 0}: none) or a signal. */
    void await(long limitNanos) {
        try {
            if (limitNanos > 0) {
                signalled.await(limitNanos, TimeUnit.NANOSECONDS);
            } else {
                signalled.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command is done: a pending signal may let the JVM exit; without one, the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook ends now that finished is counted down
        }
    }
}
