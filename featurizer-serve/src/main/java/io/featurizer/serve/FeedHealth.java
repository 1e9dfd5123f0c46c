package io.featurizer.serve;

import io.featurizer.exchanges.live.FeedStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of one venue connection at one instant, as {@code /ready} and {@code /metrics} report it: open or not,
 * every book in sequence or not, data within the stale timeout or not. A feed is ready when all three hold.
 *
 * @param venue          {@code EXCHANGE/instrument_type}, the key of {@code LiveEventEmitter.stats()}
 * @param lastFrameAgeNanos time since the last frame, -1 before the first
 */
public record FeedHealth(String venue, boolean connected, boolean synced, boolean stale, int books, int syncedBooks,
                         long lastFrameAgeNanos) {

    /** A feed's state at {@code nowNanos} (the receipt clock, {@code io.featurizer.exchanges.live.Clock.nowNanos()}). */
    public static FeedHealth of(String venue, FeedStats stats, long nowNanos) {
        long last = stats.lastFrameNanos();
        return new FeedHealth(venue, stats.connected(), stats.synced(), stats.stale(nowNanos), stats.books(), stats.syncedBooks(),
                last == 0 ? -1 : Math.max(0, nowNanos - last));
    }

    /** Every feed's state at {@code nowNanos}, in the map's order. */
    public static List<FeedHealth> of(Map<String, FeedStats> feeds, long nowNanos) {
        List<FeedHealth> all = new ArrayList<>();
        feeds.forEach((venue, stats) -> all.add(of(venue, stats, nowNanos)));
        return all;
    }

    public boolean ready() {
        return connected && synced && !stale;
    }

    /** Why the feed is not ready, in words (the first reason that holds); "ready" when it is. */
    public String reason() {
        if (!connected) {
            return "not connected (connecting or reconnecting)";
        }
        if (!synced) {
            return String.format(Locale.ROOT, "%d of %d order books in sequence (waiting for a snapshot)", syncedBooks, books);
        }
        if (stale) {
            return lastFrameAgeNanos < 0 ? "no data received yet"
                    : String.format(Locale.ROOT, "stale: no data for %.1f s", lastFrameAgeNanos / 1e9);
        }
        return "ready";
    }
}
