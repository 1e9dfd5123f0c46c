package io.featurizer.exchanges.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and the current state of one venue connection, readable from any thread (the serve module's
 * {@code /metrics} and {@code /ready} read them while the connection writes).
 */
public final class FeedStats {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong garbageFrames = new AtomicLong();
    final AtomicLong subscriptionErrors = new AtomicLong();
    final AtomicLong resyncs = new AtomicLong();
    final AtomicLong checksumMismatches = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong staleFeeds = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong connectAttempts = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong restRequests = new AtomicLong();
    final AtomicLong restFailures = new AtomicLong();
    final AtomicLong bans = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final long staleTimeoutNanos;
    volatile boolean connected;
    volatile int books; // order books the connection keeps (one per subscribed L2 symbol)
    volatile int syncedBooks; // of those, the ones in sequence from a snapshot (written under the connection's lock)
    volatile long lastFrameNanos; // Clock.nowNanos() of the last frame's receipt; 0 before the first
    volatile String lastSubscriptionError;
    volatile long lastSubscriptionErrorNanos; // Clock.nowNanos() of the last refusal

    FeedStats(long staleTimeoutNanos) {
        this.staleTimeoutNanos = staleTimeoutNanos;
    }

    public long frames() {
        return frames.get();
    }

    public long events() {
        return events.get();
    }

    public long garbageFrames() {
        return garbageFrames.get();
    }

    public long subscriptionErrors() {
        return subscriptionErrors.get();
    }

    public String lastSubscriptionError() {
        return lastSubscriptionError;
    }

    /** Books rebuilt from a fresh snapshot after a gap, a checksum mismatch or a dropped hand-off. */
    public long resyncs() {
        return resyncs.get();
    }

    public long checksumMismatches() {
        return checksumMismatches.get();
    }

    public long connects() {
        return connects.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    /** Times the feed was silent longer than the stale timeout (each one forced a reconnect). */
    public long staleFeeds() {
        return staleFeeds.get();
    }

    /** Events dropped because the hand-off stayed full (each one forces a book resync). */
    public long dropped() {
        return dropped.get();
    }

    /** WebSocket connections tried (each connect and reconnect). */
    public long connectAttempts() {
        return connectAttempts.get();
    }

    /** Connections that failed: refused or broken handshakes, and connections lost before they were healthy. */
    public long connectFailures() {
        return connectFailures.get();
    }

    /** REST book snapshot requests sent. */
    public long restRequests() {
        return restRequests.get();
    }

    /** REST requests that failed (an error status, no answer, or an unreadable body). */
    public long restFailures() {
        return restFailures.get();
    }

    /** Times the venue said to back off: HTTP 429 (rate limit) or 418 (IP ban), each waited out per its Retry-After. */
    public long bans() {
        return bans.get();
    }

    /** Sequence gaps seen in a book stream (each one forced a resync, also counted in {@link #resyncs()}). */
    public long gaps() {
        return gaps.get();
    }

    /** True while the WebSocket is open (from its handshake to its close). */
    public boolean connected() {
        return connected;
    }

    /** Order books the connection keeps: one per subscribed L2 symbol (0 for a feed of trades or tickers only). */
    public int books() {
        return books;
    }

    /** Books in sequence from a snapshot; below {@link #books()} while a book waits for its (re)snapshot. */
    public int syncedBooks() {
        return syncedBooks;
    }

    /** True when the connection is open and every book it keeps is in sequence. */
    public boolean synced() {
        return connected && syncedBooks == books;
    }

    /** {@link Clock#nowNanos()} at the receipt of the last frame, 0 before the first. */
    public long lastFrameNanos() {
        return lastFrameNanos;
    }

    /** How long a connection may stay silent before it counts as dead and is reconnected. */
    public long staleTimeoutNanos() {
        return staleTimeoutNanos;
    }

    /**
     * True when no frame came in the last stale timeout ({@link #staleTimeoutNanos()}) before {@code nowNanos}
     * ({@link Clock#nowNanos()}), or none ever came: the feed tells nothing current about its market.
     */
    public boolean stale(long nowNanos) {
        long last = lastFrameNanos;
        return last == 0 || nowNanos - last > staleTimeoutNanos;
    }

    @Override
    public String toString() {
        return "frames=" + frames + " events=" + events + " garbage=" + garbageFrames + " subscriptionErrors=" + subscriptionErrors
                + " resyncs=" + resyncs + " checksumMismatches=" + checksumMismatches + " connects=" + connects
                + " disconnects=" + disconnects + " stale=" + staleFeeds + " dropped=" + dropped + " connectAttempts=" + connectAttempts
                + " connectFailures=" + connectFailures + " restRequests=" + restRequests + " restFailures=" + restFailures + " bans=" + bans + " gaps=" + gaps;
    }
}
