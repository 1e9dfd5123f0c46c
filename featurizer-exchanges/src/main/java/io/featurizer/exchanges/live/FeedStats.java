package io.featurizer.exchanges.live;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one venue connection, readable from any thread. */
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
    volatile String lastSubscriptionError;
    volatile long lastSubscriptionErrorNanos; // Clock.nowNanos() of the last refusal

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

    @Override
    public String toString() {
        return "frames=" + frames + " events=" + events + " garbage=" + garbageFrames + " subscriptionErrors=" + subscriptionErrors
                + " resyncs=" + resyncs + " checksumMismatches=" + checksumMismatches + " connects=" + connects
                + " disconnects=" + disconnects + " stale=" + staleFeeds + " dropped=" + dropped + " connectAttempts=" + connectAttempts
                + " connectFailures=" + connectFailures + " restRequests=" + restRequests + " restFailures=" + restFailures + " bans=" + bans;
    }
}
