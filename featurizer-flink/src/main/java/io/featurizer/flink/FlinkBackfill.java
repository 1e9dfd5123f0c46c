package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredStream;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureSeries;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import io.featurizer.storage.StreamId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
        FeaturizerConfig config = FeaturizerConfig.parse(configYaml, configName);
        FlinkPlan plan = FlinkPlan.of(config, parallelism);
        long[] range = storedRange(from, to);
        long warmUp = BatchCompute.warmUpNanos(plan.outputs());
        long start = range[0] - warmUp > range[0] ? Long.MIN_VALUE + 1 : range[0] - warmUp;
        MergeOrder merge = order != null ? order : MergeOrder.byTime(config.ordering().timeField());
        RunSpec spec = new RunSpec(configYaml, configName, parallelism, merge, range[0], range[1]);
        env.setMaxParallelism(FlinkPlan.MAX_PARALLELISM);
        StoredEventsSource source = new StoredEventsSource(new StoredInput(spec, storage, start), plan.sources().size());
        DataStream<SourceRecord> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "stored events")
                .uid("featurizer-stored-events")
                .setParallelism(Math.min(parallelism, plan.sources().size()));
        return between.apply(records)
                .keyBy(r -> r.route)
                .transform("feature groups", TypeInformation.of(FeatureOutput.class), new GroupWorker(spec))
                .uid("featurizer-feature-groups")
                .setParallelism(parallelism);
    }

    /** How sources interleave (default: the config's time field, as {@code compute}); {@code --order sequence} on a recording. */
    public FlinkBackfill order(MergeOrder order) {
        this.order = order;
        return this;
    }

    /** Where tests put an operator between the source and the workers (one that fails once, one that slows the run). */
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
        FeaturizerConfig config = FeaturizerConfig.parse(configYaml, configName);
        List<Feature> distinct = FlinkPlan.of(config, parallelism).outputs();
        List<FeatureSeries> series = new ArrayList<>();
        for (Feature f : distinct) {
            series.add(new FeatureSeries(f.schema()));
        }
        long[] dataEnd = {Long.MIN_VALUE};
        Event[] scratch = new Event[distinct.size()];
        collect(env, from, to, o -> {
            if (o.feature == FeatureOutput.DATA_END) {
                dataEnd[0] = Math.max(dataEnd[0], o.inputTime);
                return;
            }
            if (scratch[o.feature] == null) {
                scratch[o.feature] = Events.newEvent(distinct.get(o.feature).schema());
            }
            EventBytes.decodeInto(o.event, scratch[o.feature]);
            series.get(o.feature).append(scratch[o.feature], o.inputTime, o.inputOrder);
        });
        List<FeatureSeries> ordered = series.stream().map(FeatureSeries::inInputOrder).toList();
        Feature label = config.labelFeature() == null ? null : config.features().get(config.labelFeature());
        return BatchCompute.table(config.features(), label, config.labelLookaheadNanos(), distinct, ordered, dataEnd[0]);
    }

    /** Runs the job on {@code env} and prints every feature output as it arrives (feature name, then the event); returns how many. */
    public long print(StreamExecutionEnvironment env, long from, long to, PrintStream out) throws Exception {
        List<Feature> distinct = FlinkPlan.of(FeaturizerConfig.parse(configYaml, configName), parallelism).outputs();
        long[] printed = {0};
        collect(env, from, to, o -> {
            if (o.feature != FeatureOutput.DATA_END) {
                Feature f = distinct.get(o.feature);
                out.println(f.name() + " " + EventBytes.decode(o.event, f.schema()));
                printed[0]++;
            }
        });
        return printed[0];
    }

    private void collect(StreamExecutionEnvironment env, long from, long to, Consumer<FeatureOutput> each) throws Exception {
        DataStream<FeatureOutput> outputs = build(env, from, to);
        try (CloseableIterator<FeatureOutput> it = outputs.executeAndCollect("featurizer " + configName)) {
            while (it.hasNext()) {
                each.accept(it.next());
            }
        }
    }
}
