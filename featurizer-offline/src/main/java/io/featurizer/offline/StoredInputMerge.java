package io.featurizer.offline;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored events of several data sources over {@code from <= ts <= to}, merged into the one total
 * order of DESIGN.md section 4 ({@link MergeOrder}): the input sequence both the
 * {@link OfflineEventEmitter} and the {@link OfflineFeatureStreamGenerator} replay. A source's rank is
 * its index in the list given (for a graph, {@code graph.getIns()}, so rank = graph source index).
 * Book sources start from a snapshot of the stored book at {@code from} (see {@link StoredStream}).
 *
 * <p>Pull-based and single-threaded: {@link #next()} moves to the next event; {@link #event()} is a view
 * valid until the next call. Blocks are opened lazily, one per source at a time. The merge scans the
 * sources' heads (a replay has a handful of sources); nothing is allocated per event.
 */
public final class StoredInputMerge implements AutoCloseable {
    private final List<Feature> features;
    private final StoredStream[] sources;
    private final MergeOrder order;
    private final boolean[] live;
    private boolean started;
    private int current = -1;
    private long delivered;

    public StoredInputMerge(Storage storage, List<Feature> sources, long from, long to, MergeOrder order) {
        if (from > to) {
            throw new IllegalArgumentException("replay range is empty: from " + from + " > to " + to);
        }
        this.features = List.copyOf(sources);
        this.order = order;
        this.sources = new StoredStream[features.size()];
        for (int i = 0; i < this.sources.length; i++) {
            Feature f = features.get(i);
            if (!f.isDataSource()) {
                throw new IllegalArgumentException(f + " is not a data source: only data sources are replayed from storage");
            }
            this.sources[i] = StoredStream.open(storage, StreamId.of(f), from, to);
        }
        this.live = new boolean[this.sources.length];
    }

    /** Moves to the next event in merge order; false once every source is exhausted. */
    public boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < sources.length; i++) {
                live[i] = sources[i].next();
            }
        } else if (current >= 0) {
            live[current] = sources[current].next();
        }
        int best = -1;
        long bestKey = 0;
        for (int i = 0; i < sources.length; i++) {
            if (live[i]) {
                long key = order.key(sources[i].current(), sources[i].sequence());
                if (best < 0 || key < bestKey) { // strict: an equal key keeps the lower rank
                    best = i;
                    bestKey = key;
                }
            }
        }
        current = best;
        if (best < 0) {
            return false;
        }
        delivered++;
        return true;
    }

    /** Rank of the current event's source (its index in the sources given). */
    public int source() {
        return current;
    }

    public Feature sourceFeature() {
        return features.get(current);
    }

    /** The current event: a view valid until {@link #next()}. */
    public Event event() {
        return sources[current].current();
    }

    /** The current event's merge sequence (its ingestion sequence; a start snapshot's is that of the event it precedes). */
    public long sequence() {
        return sources[current].sequence();
    }

    /** The current event's time in this merge's clock: exchange time for {@link MergeOrder#EXCHANGE_TIME}, else receipt time. */
    public long time() {
        return order.clockTime(event());
    }

    public MergeOrder order() {
        return order;
    }

    /** The sources, in rank order. */
    public List<Feature> sources() {
        return features;
    }

    /** Events returned so far. */
    public long delivered() {
        return delivered;
    }

    /** The sources with no stored block overlapping the range (a graph over them will never get their input). */
    public List<Feature> sourcesWithoutData() {
        List<Feature> missing = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].isEmpty()) {
                missing.add(features.get(i));
            }
        }
        return missing;
    }

    @Override
    public void close() {
        for (StoredStream s : sources) {
            s.close();
        }
        current = -1;
        java.util.Arrays.fill(live, false);
    }
}
