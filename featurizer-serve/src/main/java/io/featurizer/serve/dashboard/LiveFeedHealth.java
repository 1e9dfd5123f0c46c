package io.featurizer.serve.dashboard;

import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;

import java.util.ArrayList;
import java.util.List;

/**
 * The feeds of a {@link LiveEventEmitter}: one per venue connection, its state in one word from the same
 * {@link io.featurizer.serve.FeedHealth} that {@code /ready} and {@code /metrics} report.
 */
public final class LiveFeedHealth implements FeedHealth {
    private final LiveEventEmitter emitter;

    public LiveFeedHealth(LiveEventEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public List<Feed> feeds() {
        long now = Clock.nowNanos();
        List<Feed> feeds = new ArrayList<>();
        emitter.stats().forEach((venue, s) -> feeds.add(new Feed(venue, state(io.featurizer.serve.FeedHealth.of(venue, s, now), s), s.events(),
                s.resyncs(), s.disconnects(), s.staleFeeds(), s.dropped())));
        return feeds;
    }

    /** {@code connecting} (never connected), {@code reconnecting}, {@code syncing} (a book waits for its snapshot), {@code stale}, {@code live}. */
    static String state(io.featurizer.serve.FeedHealth h, FeedStats s) {
        if (!h.connected()) {
            return s.connects() == 0 ? "connecting" : "reconnecting";
        }
        if (!h.synced()) {
            return "syncing";
        }
        return h.stale() ? "stale" : "live";
    }
}
