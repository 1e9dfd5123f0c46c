package io.featurizer.flink;

import io.featurizer.core.feature.FeatureGroup;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The keyed operator hosting the feature groups routed to this subtask, one {@link GroupMerge} per key. A group's
 * worker lives on the heap while it runs and goes into Flink keyed state (one byte array per key, the graph snapshot
 * of DESIGN.md section 5 plus the merge's queues) only when Flink checkpoints: serializing a graph per event would
 * cost more than the features. On restore (also at another parallelism: Flink moves whole key groups) every key's
 * worker is rebuilt from its snapshot.
 *
 * <p>With combined vectors, every group also sends its {@link GroupChange}s to a side output, and this operator sends
 * its own watermark instead of forwarding the sources': the smallest merge key any of its groups (all those routed to
 * this subtask, created up front) can still process, minus one, so the {@link VectorCombiner} knows which changes are
 * final.
 */
final class GroupWorker extends AbstractStreamOperator<FeatureOutput> implements OneInputStreamOperator<SourceRecord, FeatureOutput> {
    private static final String STATE = "featurizer-group-worker";
    /** The side output of {@link GroupChange}s, for combined vectors ({@link VectorCombiner}). */
    static final org.apache.flink.util.OutputTag<GroupChange> CHANGES = new org.apache.flink.util.OutputTag<>("featurizer-group-changes",
            TypeInformation.of(GroupChange.class));
    /** Records between two checks of the workers' low watermark (vectors only; a Flink watermark also triggers one). */
    private static final int WATERMARK_EVERY = 64;

    private final RunSpec spec;
    private final boolean seeds;
    private final boolean vectors;
    private transient FlinkPlan plan;
    private transient Consumer<GroupChange> emitChange;
    private transient long emittedWatermark;
    private transient int sinceWatermark;
    private transient ValueState<byte[]> state;
    private transient Map<Integer, GroupMerge> workers;
    private transient Consumer<FeatureOutput> emit;

    /** @param seeds whether each source sends its state seed first (storage) or not (a log) */
    GroupWorker(RunSpec spec, boolean seeds, boolean vectors) {
        this.spec = spec;
        this.seeds = seeds;
        this.vectors = vectors;
    }

    /**
     * Keys the records by group and runs the groups' workers on them, at the spec's parallelism; fixes the job's key
     * groups ({@link FlinkPlan#MAX_PARALLELISM}) so savepoints restore at any parallelism.
     */
    static JobOutputs attach(DataStream<SourceRecord> records, RunSpec spec, boolean seeds, boolean vectors) {
        return attach(records, spec, seeds, vectors, false);
    }

    /**
     * As above; {@code colocated}: every record already is in the subtask of its group's key group (the storage source
     * reads each group where its worker runs), so the records go to the workers in the same task, not through a
     * shuffle: no serialization, no network buffers, one thread per slot.
     */
    static JobOutputs attach(DataStream<SourceRecord> records, RunSpec spec, boolean seeds, boolean vectors, boolean colocated) {
        records.getExecutionEnvironment().setMaxParallelism(FlinkPlan.MAX_PARALLELISM);
        KeySelector<SourceRecord, Integer> route = r -> r.route;
        KeyedStream<SourceRecord, Integer> keyed = colocated ? DataStreamUtils.reinterpretAsKeyedStream(records, route, Types.INT)
                : records.keyBy(route);
        SingleOutputStreamOperator<FeatureOutput> outputs = keyed
                .transform("feature groups", TypeInformation.of(FeatureOutput.class), new GroupWorker(spec, seeds, vectors))
                .uid("featurizer-feature-groups")
                .setParallelism(spec.parallelism());
        return new JobOutputs(outputs, vectors ? VectorCombiner.attach(outputs.getSideOutput(CHANGES), spec) : null);
    }

    /** The feature outputs only (see {@link #attach(DataStream, RunSpec, boolean, boolean)}). */
    static DataStream<FeatureOutput> attach(DataStream<SourceRecord> records, RunSpec spec, boolean seeds) {
        return attach(records, spec, seeds, false).features();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        plan = spec.plan();
        workers = new java.util.concurrent.ConcurrentHashMap<>(); // the metric gauges read it from another thread
        state = getPartitionedState(new ValueStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            List<Integer> keys;
            try (Stream<?> stored = getKeyedStateBackend().getKeys(STATE, VoidNamespace.INSTANCE)) {
                keys = stored.map(k -> (Integer) k).toList();
            }
            for (Integer key : keys) {
                setCurrentKey(key);
                byte[] snapshot = state.value();
                if (snapshot != null) {
                    GroupMerge m = newWorker(key);
                    m.restore(snapshot);
                    workers.put(key, m);
                }
            }
        }
    }

    private GroupMerge newWorker(int route) {
        FeatureGroup group = plan.groupOfRoute(route);
        return new GroupMerge(plan, group, spec.order(), spec.lo(), spec.hi(), seeds, vectors ? c -> emitChange.accept(c) : null);
    }

    @Override
    public void open() throws Exception {
        super.open();
        // late events (event time) as the engine counts them, summed over this subtask's groups
        getMetricGroup().gauge("lateEventsDropped", (Gauge<Long>) () -> workers.values().stream().mapToLong(GroupMerge::lateDropped).sum());
        getMetricGroup().gauge("lateEventsProcessed", (Gauge<Long>) () -> workers.values().stream().mapToLong(GroupMerge::lateProcessed).sum());
        getMetricGroup().gauge("bufferedEvents", (Gauge<Long>) () -> workers.values().stream().mapToLong(GroupMerge::buffered).sum());
        getMetricGroup().gauge("featureGroups", (Gauge<Integer>) () -> workers.size());
        StreamRecord<FeatureOutput> reuse = new StreamRecord<>(null);
        emit = o -> output.collect(reuse.replace(o));
        if (vectors) {
            StreamRecord<GroupChange> change = new StreamRecord<>(null);
            emitChange = c -> output.collect(CHANGES, change.replace(c));
            emittedWatermark = Long.MIN_VALUE;
            // every group this subtask hosts holds the watermark back from the start, not only from its first record
            var task = getRuntimeContext().getTaskInfo();
            for (FeatureGroup g : plan.groups()) {
                int route = plan.route(g);
                if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(route, task.getMaxNumberOfParallelSubtasks(),
                        task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) {
                    workers.computeIfAbsent(route, this::newWorker);
                }
            }
        }
    }

    /**
     * Vectors: the watermark of this subtask's {@link GroupChange}s: every change still to come has a key above it (the
     * smallest {@link GroupMerge#lowerBound} of its groups, minus one). Sent when it moves.
     */
    private void emitLowWatermark() {
        long low = Long.MAX_VALUE;
        for (GroupMerge w : workers.values()) {
            low = Math.min(low, w.lowerBound());
        }
        long mark = low == Long.MIN_VALUE ? Long.MIN_VALUE : low == Long.MAX_VALUE ? Long.MAX_VALUE : low - 1;
        if (mark > emittedWatermark) {
            emittedWatermark = mark;
            output.emitWatermark(new Watermark(mark));
        }
    }

    @Override
    public void processElement(StreamRecord<SourceRecord> element) {
        SourceRecord r = element.getValue();
        workers.computeIfAbsent(r.route, this::newWorker).accept(r, emit);
        if (vectors && ++sinceWatermark >= WATERMARK_EVERY) {
            sinceWatermark = 0;
            emitLowWatermark();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        for (GroupMerge w : workers.values()) { // no keyed state is touched: no key to set
            w.watermark(mark.getTimestamp(), emit);
        }
        if (vectors) {
            emitLowWatermark(); // the sources' watermark bounds the groups' arrivals; the changes get their own
        } else {
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        for (Map.Entry<Integer, GroupMerge> w : workers.entrySet()) {
            setCurrentKey(w.getKey());
            state.update(w.getValue().snapshot());
        }
    }
}
