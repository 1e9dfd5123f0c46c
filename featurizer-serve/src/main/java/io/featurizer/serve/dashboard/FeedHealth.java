package io.featurizer.serve.dashboard;

import java.util.List;

/** Each input feed's state and counters for the dashboard's feed table; called from HTTP threads. */
public interface FeedHealth {
    /**
     * One feed (a venue connection).
     *
     * @param state      {@code connecting} (never connected), {@code reconnecting} (connection lost), {@code syncing}
     *                   (connected, a book not yet built from its snapshot), {@code stale} (nothing within the stale
     *                   timeout), {@code live}, or {@code replay}
     * @param reconnects connections lost (each one is followed by a reconnect)
     * @param stale      times the feed was silent longer than the stale timeout
     * @param dropped    events dropped at the hand-off into the graph
     */
    record Feed(String name, String state, long events, long resyncs, long reconnects, long stale, long dropped) {
    }

    List<Feed> feeds();

    /** No feed to report (a replay from storage). */
    FeedHealth NONE = List::of;
}
