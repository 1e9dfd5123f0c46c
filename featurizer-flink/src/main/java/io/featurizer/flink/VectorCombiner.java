package io.featurizer.flink;

import io.featurizer.core.config.OrderingConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.TimeField;
import io.featurizer.offline.VectorJsonLines;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Combined vectors on Flink: the {@link GroupChange}s of every feature group, from every worker subtask, merged back
 * into the run's global order and folded into one vector of the latest value of every feature, as one graph over all
 * the features with combined outputs gives it ({@code replay}'s vectors). One vector per input that changed an output,
 * once every feature has a value (or with missing values as null, {@code ordering: {emit_with_missing: true}}); or one
 * per grid point ({@code ordering: {sample_every: …}}), with the values of the inputs before it.
 *
 * <p>Runs at parallelism 1: the order is global. A change is released once the workers' watermark has passed its key
 * (no change before it can still come; {@link GroupWorker} sends that watermark); until then it waits here, in order.
 * The latest values, the grid position and the waiting changes are this operator's Flink state (one byte array,
 * written on each checkpoint), so a restore continues the vectors exactly.
 *
 * <p>Vectors go out as JSON lines in {@code replay --out}'s format ({@link VectorJsonLines}, no trailing newline), for
 * inputs with an exchange time in the run's range (warm-up inputs before it only set values).
 */
final class VectorCombiner extends AbstractStreamOperator<String> implements OneInputStreamOperator<GroupChange, String> {
    private static final int STATE_VERSION = 1;
    private static final String STATE = "featurizer-vector-combiner";

    private final RunSpec spec;
    private transient List<Feature> features;
    private transient Event[] latest;
    private transient boolean[] present;
    private transient int presentCount;
    private transient long nextGrid;
    private transient PriorityQueue<GroupChange> waiting;
    private transient ListState<byte[]> state;
    private transient GroupedNamedDataEvent vector;
    private transient StringWriter text;
    private transient VectorJsonLines json;
    private transient StreamRecord<String> reuse;
    private transient boolean receiptTime;
    private transient boolean emitWithMissing;
    private transient long gridNanos;

    VectorCombiner(RunSpec spec) {
        this.spec = spec;
    }

    /** The vectors of a job's group changes, at parallelism 1. */
    static DataStream<String> attach(DataStream<GroupChange> changes, RunSpec spec) {
        return changes.transform("combined vectors", Types.STRING, new VectorCombiner(spec))
                .uid("featurizer-combined-vectors")
                .setParallelism(1)
                .setMaxParallelism(1);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        FlinkPlan plan = spec.plan();
        OrderingConfig ordering = plan.config().ordering();
        receiptTime = ordering.timeField() == TimeField.RECEIPT;
        emitWithMissing = ordering.emitWithMissing();
        gridNanos = ordering.sampleEveryNanos();
        features = plan.outputs();
        latest = new Event[features.size()];
        for (int i = 0; i < latest.length; i++) {
            latest[i] = Events.newEvent(features.get(i).schema());
        }
        present = new boolean[features.size()];
        nextGrid = Long.MIN_VALUE;
        waiting = new PriorityQueue<>(GroupChange::compare);
        vector = new GroupedNamedDataEvent(features, latest, present);
        text = new StringWriter();
        json = new VectorJsonLines(text, features);
        reuse = new StreamRecord<>(null);
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            for (byte[] snapshot : state.get()) {
                restore(snapshot);
            }
        }
    }

    @Override
    public void processElement(StreamRecord<GroupChange> element) {
        waiting.add(element.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        while (!waiting.isEmpty() && waiting.peek().key <= mark.getTimestamp()) {
            apply(waiting.poll());
        }
        super.processWatermark(mark);
    }

    /** One input's group outputs, in global order: the graph's combined-output rules over all the features. */
    private void apply(GroupChange c) throws IOException {
        long time = receiptTime ? c.receiptTs : c.ts;
        if (gridNanos > 0) {
            emitGridPointsBefore(time);
        }
        DataInputDeserializer in = new DataInputDeserializer(c.outputs);
        for (int n = in.readInt(); n > 0; n--) {
            int f = in.readInt();
            latest[f].read(in);
            if (!present[f]) {
                present[f] = true;
                presentCount++;
            }
        }
        if (gridNanos == 0 && (presentCount == latest.length || emitWithMissing) && inRange(c.ts)) {
            emit(c.ts, c.receiptTs);
        }
    }

    private void emitGridPointsBefore(long time) throws IOException {
        if (nextGrid == Long.MIN_VALUE) {
            nextGrid = Math.floorDiv(time, gridNanos) * gridNanos + gridNanos;
            return;
        }
        while (nextGrid < time) {
            if ((presentCount == latest.length || (emitWithMissing && presentCount > 0)) && inRange(nextGrid)) {
                emit(nextGrid, nextGrid);
            }
            nextGrid += gridNanos;
        }
    }

    private boolean inRange(long ts) {
        return ts >= spec.lo() && ts <= spec.hi();
    }

    private void emit(long ts, long receiptTs) throws IOException {
        vector.setTimes(ts, receiptTs);
        json.write(vector);
        json.flush();
        StringBuffer b = text.getBuffer();
        String line = b.substring(0, b.length() - 1); // without the newline
        b.setLength(0);
        output.collect(reuse.replace(line));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(List.of(snapshot()));
    }

    private byte[] snapshot() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        out.writeInt(STATE_VERSION);
        out.writeLong(nextGrid);
        for (int i = 0; i < latest.length; i++) {
            out.writeBoolean(present[i]);
            if (present[i]) {
                latest[i].write(out);
            }
        }
        out.writeInt(waiting.size());
        for (GroupChange c : waiting) {
            RecordSerializers.GroupChangeSerializer.INSTANCE.serialize(c, out);
        }
        return out.getCopyOfBuffer();
    }

    private void restore(byte[] snapshot) {
        try {
            DataInputDeserializer in = new DataInputDeserializer(snapshot);
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw new IllegalStateException("vector combiner state version " + version + " is not supported (expected " + STATE_VERSION + ")");
            }
            nextGrid = in.readLong();
            presentCount = 0;
            for (int i = 0; i < latest.length; i++) {
                present[i] = in.readBoolean();
                if (present[i]) {
                    latest[i].read(in);
                    presentCount++;
                }
            }
            waiting.clear();
            for (int n = in.readInt(); n > 0; n--) {
                waiting.add(RecordSerializers.GroupChangeSerializer.INSTANCE.deserialize(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt vector combiner state", e);
        }
    }
}
