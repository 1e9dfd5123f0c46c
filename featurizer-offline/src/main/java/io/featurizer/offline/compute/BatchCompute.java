package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.config.OrderingConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.offline.MergeOrder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Batch compute (Kappa): replays stored data sources through the same feature definitions as live and
 * returns a {@link FeatureTable} (a feature set, or with a label a feature-label set); {@code featurizer
 * compute} is this plus a Parquet file.
 *
 * <p><b>What the table holds.</b> The outputs timed in {@code [from, to]} of an uninterrupted replay of all
 * stored data, joined point in time by input position ({@link PointInTimeJoin}): rows at the first feature's
 * outputs (the label feature's with a label), every other feature as it stood right after the row's own input
 * among its outputs in the range (none yet: null; never a later input with the same timestamp), the label at the
 * row's position plus the lookahead. Each feature first replays its declared lookback before
 * {@code from}, so windows start full.
 *
 * <p><b>Chunked and parallel, with the same result.</b> The range is cut into chunks (see {@link #chunkNanos(long)}) run on
 * {@link #parallelism(int)} threads; each chunk warms up from {@code start - lookback} with seeded book and
 * ticker state and runs a short tail past its end ({@link ChunkRun}), so the concatenated outputs equal one
 * sequential run bit for bit. Why that holds for the built-ins: windows hold exactly the inputs in
 * {@code [t - w, t]} and sum exactly ({@code FixedPointSum}), so a window's value depends only on its
 * contents, which the warm-up replays (for a chain, the lookbacks add up: {@link Feature#totalLookbackNanos()});
 * OHLCV bars are bucket-aligned and its lookback is one bucket, so every bar timed in a chunk has all its
 * trades in the replay; change-only features (book top, mid, spread) are primed by the seed; outputs emitted
 * after their time (bars, sampled values) are caught by the chunk's tail. Every stored input is read through the
 * stored-stream reader ({@link io.featurizer.offline.StoredStream}), so any block layout gives the same inputs.
 * Assumptions: each source's stored events are in time order (then its outputs are too), and with event-time ordering a chunk's watermark decisions match
 * the sequential run's once each source has delivered inside the warm-up (both orderings are tested). A feature
 * that keeps state older than its declared lookback would differ near chunk starts; declare it.
 *
 * <p><b>Stored features.</b> Features listed to store ({@code features_to_store}) are written to storage as
 * feature blocks after the compute, with the input blocks they were computed from; a feature whose outputs a
 * stored block covers is read instead of recomputed while those inputs are unchanged, else recomputed and
 * reported stale (see {@link FeatureCache}); the report lists all three.
 *
 * <p>One instance describes one compute; {@link #run} may be called several times. Not thread-safe to configure.
 */
public final class BatchCompute {
    /** The compaction of the feature blocks a compute stores ({@code features_to_store}): each is complete over its catalog range. */
    public static final String CACHE_COMPACTION = FeatureCache.COMPACTION;

    private final Storage storage;
    private final List<Feature> features;
    private OrderingConfig ordering;
    private MergeOrder order;
    private Feature labelFeature;
    private long lookaheadNanos;
    private List<Feature> toStore = List.of();
    private boolean useStored = true;
    private int parallelism = 1;
    private long chunkNanos;
    private Consumer<ComputeProgress> onStart = p -> { };

    private BatchCompute(Storage storage, List<Feature> features) {
        this.storage = Objects.requireNonNull(storage, "storage");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a compute needs at least one feature");
        }
        this.features = List.copyOf(features);
    }

    /** A config's features, label ({@code label_feature}, {@code label_lookahead}), {@code features_to_store} and ordering. */
    public static BatchCompute of(Storage storage, FeaturizerConfig config) {
        BatchCompute c = new BatchCompute(storage, config.features());
        c.ordering = config.ordering();
        c.order = MergeOrder.byTime(config.ordering().timeField());
        if (config.labelFeature() != null) {
            c.label(config.features().get(config.labelFeature()), config.labelLookaheadNanos());
        }
        c.toStore = config.featuresToStoreList();
        return c;
    }

    /**
     * Some of a config's features with the config's ordering (time field, lateness, late policy), no label, nothing
     * stored: the same outputs as {@link #of(Storage, FeaturizerConfig)} gives those features (a point-in-time lookup
     * of a few features reads stored blocks and replays through this).
     */
    public static BatchCompute of(Storage storage, FeaturizerConfig config, List<Feature> features) {
        BatchCompute c = new BatchCompute(storage, features);
        c.ordering = config.ordering();
        c.order = MergeOrder.byTime(config.ordering().timeField());
        return c;
    }

    /** These features, no label, receipt-time order. */
    public static BatchCompute of(Storage storage, List<Feature> features) {
        BatchCompute c = new BatchCompute(storage, features);
        c.order = MergeOrder.RECEIPT_TIME;
        return c;
    }

    /** The config's feature table (or feature-label set) over {@code [from, to]} on {@code parallelism} threads. */
    public static FeatureTable compute(Storage storage, FeaturizerConfig config, long from, long to, int parallelism) {
        return of(storage, config).parallelism(parallelism).run(from, to).table();
    }

    /** A label: {@code feature} (one of the features) looked up {@code lookaheadNanos} after each row; rows are its outputs. */
    public BatchCompute label(Feature feature, long lookaheadNanos) {
        if (!features.contains(feature)) {
            throw new IllegalArgumentException("label feature " + feature + " is not one of the features " + features);
        }
        if (lookaheadNanos < 0) {
            throw new IllegalArgumentException("label lookahead must be >= 0 ns, got " + lookaheadNanos);
        }
        this.labelFeature = feature;
        this.lookaheadNanos = lookaheadNanos;
        return this;
    }

    /** No label: rows are the first feature's outputs. */
    public BatchCompute noLabel() {
        this.labelFeature = null;
        this.lookaheadNanos = 0;
        return this;
    }

    /** Features to write to storage after the compute (reused by later computes). */
    public BatchCompute store(List<Feature> features) {
        this.toStore = List.copyOf(features);
        return this;
    }

    /** Whether stored feature blocks covering the range are read instead of recomputed (default true). */
    public BatchCompute useStored(boolean use) {
        this.useStored = use;
        return this;
    }

    /** How sources interleave (default: the config's time field; see {@link MergeOrder}). */
    public BatchCompute order(MergeOrder order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /** Threads to run chunks on (default 1: one sequential chunk unless {@link #chunkNanos(long)} says otherwise). */
    public BatchCompute parallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + threads);
        }
        this.parallelism = threads;
        return this;
    }

    /**
     * Chunk length in ns; 0 (the default) chooses: one chunk on one thread, else equal chunks, a multiple of the
     * threads in number, up to four per thread but each at least 16 lookbacks long (the lookback is replayed again
     * before every chunk).
     */
    public BatchCompute chunkNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("chunk length must be >= 0 ns, got " + nanos);
        }
        this.chunkNanos = nanos;
        return this;
    }

    /** Called once per run, before the chunks start, with the run's progress (e.g. to draw a progress bar from another thread). */
    public BatchCompute onStart(Consumer<ComputeProgress> listener) {
        this.onStart = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public List<Feature> features() {
        return features;
    }

    /** The computed table over {@code [from, to]} (ns since the epoch, inclusive; unbounded ends narrow to the stored data). */
    public ComputeResult run(long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("compute range is empty: from " + from + " > to " + to);
        }
        long started = System.nanoTime();
        List<Feature> sources = sourcesOf(features);
        long[] stored = io.featurizer.offline.StoredStream.span(storage, sources);
        if (stored[0] > stored[1]) {
            throw new MissingDataException("storage holds no data of " + describe(sources) + ": record or ingest it first");
        }
        long lo = Math.max(from, stored[0]);
        long hi = Math.min(to, stored[1]);
        if (lo > hi) {
            throw new MissingDataException("no stored data in [" + from + ", " + to + "]: storage holds " + describe(sources)
                    + " from " + stored[0] + " to " + stored[1]);
        }

        FeatureCache cache = new FeatureCache(storage, order.name() + " " + (ordering == null ? OrderingConfig.DEFAULT : ordering));
        List<Feature> distinct = List.copyOf(new LinkedHashSet<>(features));
        FeatureSeries[] series = new FeatureSeries[distinct.size()];
        List<String> reused = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<Feature> computed = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (useStored) {
                FeatureCache.Lookup found = cache.lookup(distinct.get(i), lo, hi);
                series[i] = found.series().orElse(null);
                if (found.stale()) {
                    stale.add(distinct.get(i).name());
                }
            }
            if (series[i] != null) {
                reused.add(distinct.get(i).name());
            } else {
                computed.add(distinct.get(i));
            }
        }

        ChunkedReplay.Outputs replay = computed.isEmpty() ? ChunkedReplay.Outputs.NONE
                : new ChunkedReplay(storage, computed, ordering, order, parallelism, chunkNanos, onStart).run(lo, hi);
        for (int i = 0, k = 0; i < distinct.size(); i++) {
            if (series[i] == null) {
                series[i] = replay.series().get(k++);
            }
            series[i] = series[i].inInputOrder();
        }

        long dataEnd = labelFeature == null ? Long.MIN_VALUE
                : computed.isEmpty() ? StoredRange.lastInputTime(storage, sources, lo, hi, order) : replay.lastInputTime();
        FeatureTable table = table(features, labelFeature, lookaheadNanos, distinct, List.of(series), dataEnd);

        List<String> storedNames = new ArrayList<>();
        for (Feature f : new LinkedHashSet<>(toStore)) {
            int i = distinct.indexOf(f);
            if (i < 0) {
                throw new IllegalArgumentException("feature to store " + f + " is not one of the computed features " + features);
            }
            if (!reused.contains(f.name()) && cache.store(f, series[i], lo, hi)) {
                storedNames.add(f.name());
            }
        }
        ComputeReport report = new ComputeReport(lo, hi, replay.chunks(), replay.threads(), replay.warmUpNanos(), replay.inputEvents(),
                replay.replayedEvents(),
                table.rowCount(), System.nanoTime() - started, reused, stale, storedNames);
        return new ComputeResult(table, report);
    }

    /**
     * The table of {@code features} (rows at the label feature's outputs, or the first feature's without a label)
     * from the output series of {@code distinct} (in input order), joined by input position: what {@link #run} returns,
     * and what the Flink runner builds from the series its workers emit.
     *
     * @param dataEnd the last input time in the range (the label's horizon), ignored without a label
     */
    public static FeatureTable table(List<Feature> features, Feature labelFeature, long lookaheadNanos, List<Feature> distinct,
                                     List<FeatureSeries> series, long dataEnd) {
        List<PointInTimeJoin.Columns> columns = new ArrayList<>();
        for (Feature f : features) {
            columns.add(new PointInTimeJoin.Columns(f.columnNames(), series.get(distinct.indexOf(f))));
        }
        PointInTimeJoin.Label label = null;
        int rowFeature = 0;
        if (labelFeature != null) {
            rowFeature = features.indexOf(labelFeature);
            label = new PointInTimeJoin.Label(new PointInTimeJoin.Columns(Feature.makeLabel(labelFeature).columnNames(),
                    series.get(distinct.indexOf(labelFeature))), lookaheadNanos, dataEnd);
        }
        return PointInTimeJoin.join(columns, rowFeature, label);
    }

    /** The longest declared lookback of the features: how long before its range a replay starts (the warm-up). */
    public static long warmUpNanos(List<Feature> features) {
        long warmUp = 0;
        for (Feature f : features) {
            warmUp = Math.max(warmUp, f.totalLookbackNanos());
        }
        return warmUp;
    }

    static List<Feature> sourcesOf(List<Feature> features) {
        return io.featurizer.core.feature.FeatureGroup.sourcesOf(features);
    }

    static String describe(List<Feature> sources) {
        List<String> names = new ArrayList<>();
        for (Feature s : sources) {
            names.add(s.dataSourceId());
        }
        return names.toString();
    }
}
