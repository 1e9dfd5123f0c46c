package io.featurizer.offline.compute;

import io.featurizer.core.config.OrderingConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.offline.MergeOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The features' outputs timed in {@code [from, to]}: the range cut into chunks ({@link ChunkPlan}), each run
 * by a {@link ChunkRun} on a pool of threads, the chunks' outputs concatenated in chunk order. On one thread
 * the chunks run on the caller's thread.
 */
final class ChunkedReplay {
    /** The outputs per feature (in the order given) and what it took. */
    record Outputs(List<FeatureSeries> series, int chunks, int threads, long warmUpNanos, long inputEvents, long replayedEvents,
                   long lastInputTime) {
        static final Outputs NONE = new Outputs(List.of(), 0, 0, 0, 0, 0, Long.MIN_VALUE);
    }

    private final Storage storage;
    private final List<Feature> features;
    private final OrderingConfig ordering;
    private final MergeOrder order;
    private final int parallelism;
    private final long chunkNanos;
    private final Consumer<ComputeProgress> onStart;

    /**
     * @param ordering   the graph's input ordering (null: receipt time)
     * @param chunkNanos chunk length, or 0 for {@link ChunkPlan#defaultChunkNanos}
     */
    ChunkedReplay(Storage storage, List<Feature> features, OrderingConfig ordering, MergeOrder order, int parallelism, long chunkNanos,
                  Consumer<ComputeProgress> onStart) {
        this.storage = storage;
        this.features = List.copyOf(features);
        this.ordering = ordering;
        this.order = order;
        this.parallelism = parallelism;
        this.chunkNanos = chunkNanos;
        this.onStart = onStart;
    }

    /** The longest declared lookback of the features: each chunk's warm-up. */
    long warmUpNanos() {
        return BatchCompute.warmUpNanos(features);
    }

    Outputs run(long from, long to) {
        long warmUp = warmUpNanos();
        requireData(from - warmUp > from ? Long.MIN_VALUE : from - warmUp, to);
        long length = chunkNanos > 0 ? chunkNanos : ChunkPlan.defaultChunkNanos(from, to, parallelism, warmUp);
        List<Chunk> chunks = ChunkPlan.of(from, to, length);
        ComputeProgress progress = new ComputeProgress(chunks);
        onStart.accept(progress);
        int threads = Math.min(parallelism, chunks.size());
        List<ChunkResult> results = new ArrayList<>(chunks.size());
        if (threads == 1) {
            for (Chunk c : chunks) {
                results.add(chunkRun(c, warmUp, progress).call());
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
            try {
                List<Future<ChunkResult>> futures = new ArrayList<>();
                for (Chunk c : chunks) {
                    futures.add(pool.submit(chunkRun(c, warmUp, progress)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    results.add(await(futures.get(i), chunks.get(i)));
                }
            } finally {
                pool.shutdownNow(); // after a failure, stop the chunks still running
            }
        }
        List<FeatureSeries> joined = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            FeatureSeries all = results.get(0).series().get(f);
            for (int i = 1; i < results.size(); i++) {
                all.appendAll(results.get(i).series().get(f));
            }
            joined.add(all);
        }
        long inputs = 0, replayed = 0, last = Long.MIN_VALUE;
        for (ChunkResult r : results) {
            inputs += r.inputEvents();
            replayed += r.replayedEvents();
            last = Math.max(last, r.lastInputTime());
        }
        return new Outputs(joined, chunks.size(), threads, warmUp, inputs, replayed, last);
    }

    private ChunkRun chunkRun(Chunk c, long warmUp, ComputeProgress progress) {
        return new ChunkRun(storage, features, ordering, order, warmUp, c, progress);
    }

    private void requireData(long from, long to) {
        List<Feature> missing = new ArrayList<>();
        for (Feature s : BatchCompute.sourcesOf(features)) {
            if (storage.blocks(StreamId.of(s), from, to).isEmpty()) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingDataException("no stored data of " + BatchCompute.describe(missing) + " in [" + from + ", " + to
                    + "]: record or ingest it first");
        }
    }

    private static ChunkResult await(Future<ChunkResult> f, Chunk chunk) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing " + chunk, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // bad data or a storage error: its own message says where
            }
            throw new IllegalStateException("computing " + chunk + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "featurizer-compute-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
