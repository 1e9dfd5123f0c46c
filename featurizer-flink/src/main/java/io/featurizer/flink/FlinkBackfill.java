package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredStream;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import io.featurizer.storage.StreamId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code featurizer flink run --source storage}: the config's features over stored data, computed by a Flink job
 * (storage source, keyed group workers) and joined into the same {@link FeatureTable} {@code featurizer compute}
 * writes, row for row and value for value: the job replays from the range start minus the warm-up with the same
 * seeds, merges each group's sources in the same order, and positions every output as compute does.
 */
public final class FlinkBackfill {
    private final StorageLocation storage;
    private final String configYaml;
    private final String configName;
    private final int parallelism;
    private UnaryOperator<DataStream<SourceRecord>> between = UnaryOperator.identity();
    private MergeOrder order;

    public FlinkBackfill(Path storageRoot, String configYaml, String configName, int parallelism) {
        this(StorageLocation.local(storageRoot), configYaml, configName, parallelism);
    }

    public FlinkBackfill(StorageLocation storage, String configYaml, String configName, int parallelism) {
        this.storage = storage;
        this.configYaml = configYaml;
        this.configName = configName;
        this.parallelism = parallelism;
    }

    /** The job over {@code [from, to]} (unbounded ends narrow to the stored data), added to {@code env}. */
    public DataStream<FeatureOutput> build(StreamExecutionEnvironment env, long from, long to) {
        return outputs(env, from, to, false).features();
    }

    /**
     * The job over {@code [from, to]} with, if {@code vectors}, its combined vectors: one per input with an exchange time
     * in the range that changed an output, as {@code replay} gives them (the inputs of the warm-up before it set values).
     */
    public JobOutputs outputs(StreamExecutionEnvironment env, long from, long to, boolean vectors) {
        RunSpec spec = spec(from, to);
        DataStream<SourceRecord> records = between.apply(records(env, spec));
        // a tap at another parallelism moves records between subtasks: then they are keyed again
        return GroupWorker.attach(records, spec, true, vectors, records.getParallelism() == parallelism);
    }

    /** The stored events the workers receive (seeds, events, ends), for a job of one's own over the same input. */
    public DataStream<SourceRecord> records(StreamExecutionEnvironment env, long from, long to) {
        return records(env, spec(from, to));
    }

    private DataStream<SourceRecord> records(StreamExecutionEnvironment env, RunSpec spec) {
        FlinkPlan plan = spec.plan();
        long warmUp = BatchCompute.warmUpNanos(plan.outputs());
        long start = spec.lo() - warmUp > spec.lo() ? Long.MIN_VALUE + 1 : spec.lo() - warmUp;
        List<StoredSplit> splits;
        try (Storage s = storage.openForReading()) {
            splits = StoredSplit.of(s, plan.sources(), start);
        }
        StoredEventsSource source = new StoredEventsSource(new StoredInput(spec, storage, start), splits);
        // one reader per worker subtask, reading the sources of that subtask's groups (StoredSplitEnumerator)
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "stored events")
                .uid("featurizer-stored-events")
                .setParallelism(parallelism);
    }

    private RunSpec spec(long from, long to) {
        FeaturizerConfig config = FeaturizerConfig.parse(configYaml, configName);
        long[] range = storedRange(from, to);
        MergeOrder merge = order != null ? order : MergeOrder.byTime(config.ordering().timeField());
        return new RunSpec(configYaml, configName, parallelism, merge, range[0], range[1]);
    }

    /** How sources interleave (default: the config's time field, as {@code compute}); {@code --order sequence} on a recording. */
    public FlinkBackfill order(MergeOrder order) {
        this.order = order;
        return this;
    }

    /**
     * Where tests put an operator between the source and the workers (one that fails once, one that slows the run); at
     * the job's parallelism it keeps each record in its subtask, so the workers still read the source without a shuffle.
     */
    FlinkBackfill between(UnaryOperator<DataStream<SourceRecord>> tap) {
        this.between = tap;
        return this;
    }

    /**
     * {@code [from, to]} narrowed to the stored data of the config's sources, as compute narrows it; a source without
     * stored data, or no data in the range, is a {@link MissingDataException} (checked before any job starts).
     */
    public long[] storedRange(long from, long to) {
        FlinkPlan plan = FlinkPlan.of(FeaturizerConfig.parse(configYaml, configName), parallelism);
        try (Storage s = storage.openForReading()) {
            long[] stored = StoredStream.span(s, plan.sources());
            if (stored[0] > stored[1]) {
                throw new MissingDataException("storage " + storage + " holds no data of " + ids(plan.sources()) + ": record or ingest it first");
            }
            List<Feature> missing = plan.sources().stream().filter(f -> s.blocks(StreamId.of(f), Long.MIN_VALUE, Long.MAX_VALUE).isEmpty()).toList();
            if (!missing.isEmpty()) {
                throw new MissingDataException("storage " + storage + " holds no data of " + ids(missing) + ": record or ingest it first");
            }
            long lo = Math.max(from, stored[0]);
            long hi = Math.min(to, stored[1]);
            if (lo > hi) {
                throw new MissingDataException("no stored data in [" + from + ", " + to + "]: storage holds " + ids(plan.sources())
                        + " from " + stored[0] + " to " + stored[1]);
            }
            return new long[] {lo, hi};
        }
    }

    private static List<String> ids(List<Feature> sources) {
        return sources.stream().map(Feature::dataSourceId).toList();
    }

    /** Runs the job on {@code env} and joins its outputs into the feature table (rows and columns of {@code compute}). */
    public FeatureTable run(StreamExecutionEnvironment env, long from, long to) throws Exception {
        return FeatureOutputs.table(FeaturizerConfig.parse(configYaml, configName), build(env, from, to), "featurizer " + configName);
    }

    /** Runs the job on {@code env} and collects its combined vectors (JSON lines of {@code replay}), in order. */
    public java.util.List<String> vectors(StreamExecutionEnvironment env, long from, long to) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (org.apache.flink.util.CloseableIterator<String> it = outputs(env, from, to, true).vectors().executeAndCollect("featurizer " + configName)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Runs the job on {@code env} and prints every feature output as it arrives (feature name, then the event); returns how many. */
    public long print(StreamExecutionEnvironment env, long from, long to, PrintStream out) throws Exception {
        return FeatureOutputs.print(FeaturizerConfig.parse(configYaml, configName), build(env, from, to), "featurizer " + configName, out);
    }
}
