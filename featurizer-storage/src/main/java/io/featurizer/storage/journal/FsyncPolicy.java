package io.featurizer.storage.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * When the journal asks the OS to put written frames on the disk (fsync).
 *
 * <p>Every policy survives a crash of the JVM (SIGKILL, OOM): an append writes its frame into the
 * page cache before it returns, and the kernel keeps that. The policies differ on loss of the machine
 * (power, kernel panic): {@link #NEVER} may lose whatever the OS had not written back yet,
 * {@link #interval} at most the last interval, {@link #ON_FLUSH} what came after the last
 * {@link Journal#flush()}, {@link #EVERY_APPEND} nothing that was accepted (at the price of one
 * disk sync per event).
 */
public final class FsyncPolicy {
    /** The kind of policy. */
    public enum Mode {
        /** Never fsync; the OS writes back on its own schedule. */
        NEVER,
        /** fsync the frame before append returns: slow, survives power loss. */
        EVERY_APPEND,
        /** fsync by a background thread every {@link #interval()}. */
        INTERVAL,
        /** fsync when {@link Journal#flush()} is called, e.g. once per batch. */
        ON_FLUSH
    }

    public static final FsyncPolicy NEVER = new FsyncPolicy(Mode.NEVER, Duration.ZERO);
    public static final FsyncPolicy EVERY_APPEND = new FsyncPolicy(Mode.EVERY_APPEND, Duration.ZERO);
    public static final FsyncPolicy ON_FLUSH = new FsyncPolicy(Mode.ON_FLUSH, Duration.ZERO);

    private final Mode mode;
    private final Duration interval;

    private FsyncPolicy(Mode mode, Duration interval) {
        this.mode = mode;
        this.interval = interval;
    }

    /** fsync every {@code interval} from a background thread; appends never wait for it. */
    public static FsyncPolicy interval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("fsync interval must be positive, got " + interval);
        }
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    public Mode mode() {
        return mode;
    }

    /** The period of {@link Mode#INTERVAL}; zero for the other modes. */
    public Duration interval() {
        return interval;
    }

    /** True unless the policy is {@link #NEVER}: rolls, flushes and close then sync what they wrote. */
    boolean syncs() {
        return mode != Mode.NEVER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FsyncPolicy p && p.mode == mode && p.interval.equals(interval);
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + interval.hashCode();
    }

    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "INTERVAL(" + interval.toMillis() + "ms)" : mode.name();
    }
}
