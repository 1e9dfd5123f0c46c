package io.featurizer.offline;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Combined feature vectors computed from storage: the stored inputs of a config's (or a feature list's)
 * data sources with {@code start <= ts <= end}, merged by {@link StoredInputMerge} and pushed through one
 * combined {@link FeatureStreamGraph}, pulled one vector at a time. Each element returned is an
 * independent copy. The merge order defaults to the config's time field ({@link MergeOrder#byTime});
 * choose {@link MergeOrder#INGESTION_SEQUENCE} for recorded data to get exactly the vectors of the live run.
 *
 * <p>A config's ordering and output options (time field, lateness, sampling grid, emit with missing)
 * apply to the graph. At the end of the data the graph is flushed, so an event-time graph releases what
 * its watermark still holds. Not thread-safe; {@link #close()} it (or exhaust it) to release the open blocks.
 *
 * <p>{@link #split(int)} cuts the range into consecutive time shards for parallel runs. Each shard starts
 * cold (book sources from a snapshot of the stored book, every window empty), so vectors near a shard's
 * start can differ from one sequential run until the windows fill; lookback warm-up comes later.
 */
public final class OfflineFeatureStreamGenerator implements Iterator<GroupedNamedDataEvent>, AutoCloseable {
    private final Storage storage;
    private final FeaturizerConfig config;
    private final List<Feature> features;
    private final long start;
    private final long end;
    private final FeatureStreamGraph graph;
    private final ArrayDeque<GroupedNamedDataEvent> ready = new ArrayDeque<>();
    private MergeOrder order;
    private StoredInputMerge merge;
    private boolean ended;

    /** Vectors of a config's features over {@code [start, end]} (ns since the epoch, inclusive). */
    public OfflineFeatureStreamGenerator(Storage storage, FeaturizerConfig config, long start, long end) {
        this(storage, Objects.requireNonNull(config, "config"), config.features(), start, end);
    }

    /** Vectors of these features over {@code [start, end]}, with the default graph options (receipt time). */
    public OfflineFeatureStreamGenerator(Storage storage, List<Feature> features, long start, long end) {
        this(storage, null, features, start, end);
    }

    private OfflineFeatureStreamGenerator(Storage storage, FeaturizerConfig config, List<Feature> features, long start, long end) {
        if (start > end) {
            throw new IllegalArgumentException("range is empty: start " + start + " > end " + end);
        }
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = config;
        this.features = List.copyOf(features);
        this.start = start;
        this.end = end;
        FeatureStreamGraph.Builder b = config != null ? FeatureStreamGraph.builder(config) : FeatureStreamGraph.builder(this.features);
        this.graph = b.combineOutputs(g -> ready.add(g.copy())).build();
        this.order = config != null ? MergeOrder.byTime(config.ordering().timeField()) : MergeOrder.RECEIPT_TIME;
    }

    /** How the sources are interleaved (before the first vector is pulled). */
    public OfflineFeatureStreamGenerator order(MergeOrder order) {
        if (merge != null) {
            throw new IllegalStateException("cannot change the merge order once vectors have been pulled");
        }
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    public MergeOrder mergeOrder() {
        return order;
    }

    /** The graph the inputs go through, e.g. to add a per-feature callback before iterating. */
    public FeatureStreamGraph graph() {
        return graph;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    /** The graph's data sources with no stored block in the range. */
    public List<Feature> sourcesWithoutData() {
        return open().sourcesWithoutData();
    }

    private StoredInputMerge open() {
        if (merge == null) {
            merge = new StoredInputMerge(storage, graph.getIns(), start, end, order);
        }
        return merge;
    }

    /** Pushes stored inputs through the graph until it has produced the next vector, or the data runs out. */
    @Override
    public boolean hasNext() {
        StoredInputMerge m = open();
        while (ready.isEmpty() && !ended) {
            if (m.next()) {
                graph.emit(m.source(), m.event());
            } else {
                ended = true;
                graph.flush();
                m.close();
            }
        }
        return !ready.isEmpty();
    }

    /** The next combined vector (an independent copy). */
    @Override
    public GroupedNamedDataEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more vectors in [" + start + ", " + end + "]");
        }
        return ready.poll();
    }

    /** The remaining vectors as a sequential stream; closing the stream closes this generator. */
    public Stream<GroupedNamedDataEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Input events pushed through the graph so far. */
    public long inputEvents() {
        return merge == null ? 0 : merge.delivered();
    }

    /**
     * {@code n} generators over consecutive shards covering this range (an unbounded end is first narrowed
     * to the stored data), with the same features, options and merge order. Shards start cold: see the
     * class comment.
     */
    public List<OfflineFeatureStreamGenerator> split(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("split into " + n + " shards: expected at least 1");
        }
        long lo = start, hi = end;
        if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) {
            long[] stored = storedRange();
            lo = Math.max(lo, stored[0]);
            hi = Math.min(hi, stored[1]);
        }
        List<OfflineFeatureStreamGenerator> shards = new ArrayList<>(n);
        if (lo > hi) { // nothing stored in the range: one empty shard keeps the callers' loops simple
            shards.add(new OfflineFeatureStreamGenerator(storage, config, features, start, end).order(order));
            return shards;
        }
        long span = hi - lo + 1; // fits: both ends are stored timestamps
        long shardStart = lo;
        for (int i = 1; i <= n; i++) {
            long shardEnd = i == n ? hi : lo + span / n * i + span % n * i / n - 1;
            if (shardEnd >= shardStart) {
                shards.add(new OfflineFeatureStreamGenerator(storage, config, features, shardStart, shardEnd).order(order));
                shardStart = shardEnd + 1;
            }
        }
        return shards;
    }

    /** First and last stored timestamp over the graph's sources (by their blocks), or an empty range. */
    private long[] storedRange() {
        return StoredStream.span(storage, graph.getIns());
    }

    @Override
    public void close() {
        if (merge != null) {
            merge.close();
        }
        ended = true;
        ready.clear();
    }
}
