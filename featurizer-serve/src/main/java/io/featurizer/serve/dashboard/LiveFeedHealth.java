package io.featurizer.serve.dashboard;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The feeds of a {@link LiveEventEmitter}: one per venue connection, its state from the connection and its books' sync. */
public final class LiveFeedHealth implements FeedHealth {
    private final LiveEventEmitter emitter;
    private final Map<String, Set<String>> bookSymbols = new LinkedHashMap<>(); // "EXCHANGE/type" -> symbols whose book is kept

    /** @param sources the graph's data sources ({@code graph.getIns()}): their L2 symbols decide whether a feed is synced */
    public LiveFeedHealth(LiveEventEmitter emitter, List<Feature> sources) {
        this.emitter = emitter;
        for (Feature s : sources) {
            if (s.definition() instanceof DataSourceDefinition ds && ds.channel().startsWith("l2")) {
                String venue = s.params().getString(DataSourceDefinition.EXCHANGE, "") + "/" + s.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
                bookSymbols.computeIfAbsent(venue, k -> new LinkedHashSet<>()).add(s.params().getString(DataSourceDefinition.SYMBOL, ""));
            }
        }
    }

    @Override
    public List<Feed> feeds() {
        List<Feed> feeds = new ArrayList<>();
        emitter.stats().forEach((venue, s) -> feeds.add(new Feed(venue, state(venue, s), s.events(), s.resyncs(), s.disconnects(), s.staleFeeds(), s.dropped())));
        return feeds;
    }

    private String state(String venue, FeedStats s) {
        if (s.connects() == 0) {
            return "connecting";
        }
        if (s.disconnects() >= s.connects()) {
            return "reconnecting";
        }
        String[] exchangeAndType = venue.split("/", 2);
        for (String symbol : bookSymbols.getOrDefault(venue, Set.of())) {
            if (!emitter.isSynced(exchangeAndType[0], exchangeAndType[1], symbol)) {
                return "syncing";
            }
        }
        return "live";
    }
}
