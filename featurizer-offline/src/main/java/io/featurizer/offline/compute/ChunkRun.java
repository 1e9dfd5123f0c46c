package io.featurizer.offline.compute;

import io.featurizer.core.config.OrderingConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredInputMerge;
import io.featurizer.offline.StoredStream;
import io.featurizer.storage.StreamId;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Computes one chunk {@code [start, end]}: every output of the features timed in it, exactly as one
 * uninterrupted replay of the stored data would produce it.
 *
 * <ol>
 *   <li><b>Warm-up.</b> The replay starts {@code warmUp} ns (the features' declared lookback) before the
 *       chunk, after {@link StoredStream#stateBefore seeding} the state-carrying sources (book, ticker) as they stood there;
 *       book sources then start from the stored book ({@link StoredInputMerge}). Outputs timed before the
 *       chunk are discarded.</li>
 *   <li><b>The chunk.</b> Outputs timed in {@code [start, end]} are kept, in emission order.</li>
 *   <li><b>Tail.</b> Some outputs are emitted after their time: an OHLCV bar (timed at its bucket's end) when
 *       the first trade of a later bucket arrives, a sampled value when its bucket closes. So the replay goes
 *       on past {@code end} until every source has delivered an event timed after {@code end} and every output
 *       feature has emitted one timed after {@code end} (or the stored data ends); with time-ordered sources and
 *       outputs (all built-ins), nothing timed in the chunk can come later.</li>
 * </ol>
 * Single-threaded: one graph, one merge, on the calling thread.
 */
final class ChunkRun implements Callable<ChunkResult> {
    private static final int PROGRESS_EVERY = 4096;

    private final Storage storage;
    private final List<Feature> outputs;
    private final OrderingConfig ordering;
    private final MergeOrder order;
    private final long warmUp;
    private final Chunk chunk;
    private final ComputeProgress progress;

    ChunkRun(Storage storage, List<Feature> outputs, OrderingConfig ordering, MergeOrder order, long warmUp, Chunk chunk,
             ComputeProgress progress) {
        this.storage = storage;
        this.outputs = List.copyOf(outputs);
        this.ordering = ordering;
        this.order = order;
        this.warmUp = warmUp;
        this.chunk = chunk;
        this.progress = progress;
    }

    /** Where the replay starts: the chunk start minus the warm-up (saturating). */
    long replayStart() {
        long rs = chunk.start() - warmUp;
        return rs > chunk.start() ? Long.MIN_VALUE + 1 : rs;
    }

    @Override
    public ChunkResult call() {
        FeatureStreamGraph.Builder b = FeatureStreamGraph.builder(outputs);
        if (ordering != null) {
            ordering.applyTo(b);
        }
        FeatureStreamGraph graph = b.build();
        InputPosition position = new InputPosition(order, graph.getIns().size());
        graph.setInputListener(position);
        Collector collector = new Collector(chunk, outputs, position);
        for (int i = 0; i < outputs.size(); i++) {
            int index = i;
            graph.addCallback(outputs.get(i), (feature, e) -> collector.onOutput(index, e));
        }
        List<Feature> sources = graph.getIns();
        long rs = replayStart();
        for (int s = 0; s < sources.size(); s++) {
            Optional<Event> seed = StoredStream.stateBefore(storage, StreamId.of(sources.get(s)), rs);
            if (seed.isPresent()) {
                graph.emit(s, seed.get());
            }
        }
        long[] sourcePastEnd = new long[sources.size()];
        int sourcesPastEnd = 0;
        long replayed = 0, inChunk = 0, lastInChunk = Long.MIN_VALUE;
        long start = chunk.start(), end = chunk.end();
        try (StoredInputMerge merge = new StoredInputMerge(storage, sources, rs, Long.MAX_VALUE, order)) {
            boolean exhausted = true;
            while (merge.next()) {
                Event e = merge.event();
                long ts = e.ts();
                int source = merge.source();
                graph.emit(source, e);
                replayed++;
                if (ts >= start && ts <= end) {
                    inChunk++;
                    lastInChunk = Math.max(lastInChunk, merge.time());
                } else if (ts > end && sourcePastEnd[source]++ == 0) {
                    sourcesPastEnd++;
                }
                if (sourcesPastEnd == sourcePastEnd.length && collector.allPastEnd()) {
                    exhausted = false;
                    break;
                }
                if ((replayed & (PROGRESS_EVERY - 1)) == 0 && progress != null) {
                    progress.advance(chunk, ts, replayed);
                }
            }
            if (exhausted) {
                graph.flush(); // the end of the stored data: an event-time graph releases what it still holds
            }
        }
        if (progress != null) {
            progress.chunkDone(chunk, replayed);
        }
        return new ChunkResult(chunk, List.of(collector.series), inChunk, replayed, lastInChunk);
    }

    /** Keeps the outputs timed in the chunk and notes which features have emitted past its end. */
    private static final class Collector {
        final FeatureSeries[] series;
        private final long start;
        private final long end;
        private final boolean[] pastEnd;
        private final InputPosition position;
        private int featuresPastEnd;

        Collector(Chunk chunk, List<Feature> features, InputPosition position) {
            this.position = position;
            this.series = new FeatureSeries[features.size()];
            for (int i = 0; i < series.length; i++) {
                series[i] = new FeatureSeries(features.get(i).schema());
            }
            this.start = chunk.start();
            this.end = chunk.end();
            this.pastEnd = new boolean[series.length];
        }

        void onOutput(int feature, Event e) {
            long ts = e.ts();
            if (ts >= start && ts <= end) {
                series[feature].append(e, position.time(), position.order());
            } else if (ts > end && !pastEnd[feature]) {
                pastEnd[feature] = true;
                featuresPastEnd++;
            }
        }

        boolean allPastEnd() {
            return featuresPastEnd == pastEnd.length;
        }
    }
}
