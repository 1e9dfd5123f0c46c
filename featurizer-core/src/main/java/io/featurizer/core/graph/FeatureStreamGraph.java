package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.feature.NamedDataEvent;
import io.featurizer.core.feature.OperatorContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The in-process engine: a DAG of feature operators fed with data source events. Single-threaded
 * and push-based: an input runs depth-first through every dependent operator (each node's
 * downstream in topological order) before the next input is taken. A node whose inputs share a
 * source (a diamond) runs once per input, after all of its inputs have updated. With combined outputs, the
 * combined callback fires once per input that changed at least one output, after the whole input
 * has propagated (glitch-free), and only once every output has a value unless
 * {@link Builder#emitWithMissing(boolean)}; or once per grid point with {@link Builder#sampleEvery(long)}.
 * Inputs are ordered by a {@link TimeField}: arrival order (default) or event time with a watermark per
 * {@link io.featurizer.core.feature.FeatureGroup feature group} (a group is never held back by another's sources).
 *
 * <p>Not thread-safe: one thread feeds a graph. Graphs over unrelated data sources are independent.
 */
public final class FeatureStreamGraph implements InputOrder.Sink {
    private static final int SNAPSHOT_VERSION = 1;

    private final List<Feature> outs;
    private final List<Feature> ins;
    private final List<Node> topo; // children before parents
    private final Node[] joins; // nodes whose inputs share a source, children before parents (see Node)
    private final Map<Feature, Node> nodes;
    private final Node[] sources;
    private final Schema[] sourceSchemas;
    private final Map<Feature, Integer> sourceIndex = new HashMap<>();
    private final Map<String, Object> sharedState = new HashMap<>(); // see OperatorContext.shared
    private final long[] inputCounts;
    private final InputOrder order;
    private final TimeField timeField;
    private final boolean arrivalOrder;

    // combined outputs
    private final CombinedOutputCallback combinedCallback;
    private final boolean emitWithMissing;
    private final long gridNanos;
    private final Event[] latest; // what the vector shows: the operator's own output, or the holder copy
    private final Event[] holders; // copies for outputs whose operators do not own their events
    private final boolean[] byReference;
    private final boolean[] present;
    private final GroupedNamedDataEvent grouped;
    private int presentCount;
    private boolean changed;
    private long nextGrid = Long.MIN_VALUE;
    private InputListener inputListener;

    /** The seed's constructor: a graph over {@code features} with optional combined outputs. */
    public FeatureStreamGraph(List<Feature> features, boolean combineOutputs, CombinedOutputCallback combinedOutCallback) {
        this(builder(features).combineOutputs(combineOutputs ? combinedOutCallback : null));
    }

    /** A graph over a config's features, with the config's ordering options. */
    public FeatureStreamGraph(GraphSetup config, boolean combineOutputs, CombinedOutputCallback combinedOutCallback) {
        this(builder(config).combineOutputs(combineOutputs ? combinedOutCallback : null));
    }

    public static Builder builder(List<Feature> features) {
        return new Builder(features);
    }

    /** A builder over a setup's features (e.g. a loaded config), with its options applied. */
    public static Builder builder(GraphSetup config) {
        Builder b = new Builder(config.features());
        config.applyTo(b);
        return b;
    }

    private FeatureStreamGraph(Builder b) {
        if (b.features.isEmpty()) {
            throw new IllegalArgumentException("a FeatureStreamGraph needs at least one feature");
        }
        this.outs = List.copyOf(new LinkedHashSet<>(b.features));
        this.nodes = new LinkedHashMap<>();
        this.topo = new ArrayList<>();
        List<Node> sourceList = new ArrayList<>();
        for (Feature f : outs) {
            build(f, sourceList);
        }
        this.sources = sourceList.toArray(new Node[0]);
        this.joins = findJoins();
        this.sourceSchemas = new Schema[sources.length];
        List<Feature> inList = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            sourceIndex.put(sources[i].feature, i);
            sourceSchemas[i] = sources[i].feature.schema();
            inList.add(sources[i].feature);
        }
        this.ins = Collections.unmodifiableList(inList);
        this.inputCounts = new long[sources.length];
        this.timeField = b.timeField;
        this.arrivalOrder = b.timeField == TimeField.RECEIPT;
        this.order = b.timeField == TimeField.RECEIPT ? new ReceiptTimeOrder() : eventTimeOrder(b);

        this.combinedCallback = b.combined;
        this.emitWithMissing = b.emitWithMissing;
        this.gridNanos = b.gridNanos;
        this.latest = new Event[outs.size()];
        this.holders = new Event[outs.size()];
        this.byReference = new boolean[outs.size()];
        this.present = new boolean[outs.size()];
        if (combinedCallback != null) {
            for (int i = 0; i < outs.size(); i++) {
                Node n = nodes.get(outs.get(i));
                n.outputIndex = i;
                holders[i] = Events.newEvent(outs.get(i).schema());
                latest[i] = holders[i];
                byReference[i] = n.operator != null && n.operator.ownsOutputs();
            }
        }
        this.grouped = new GroupedNamedDataEvent(outs, latest, present);
    }

    /** Event-time order with a watermark per feature group (one group: one plain order, the snapshot format of old). */
    private InputOrder eventTimeOrder(Builder b) {
        int[] groupOf = io.featurizer.core.feature.FeatureGroup.groupOfSources(outs, ins);
        boolean single = java.util.Arrays.stream(groupOf).allMatch(g -> g == 0);
        return single ? new EventTimeOrder(sourceSchemas, b.allowedLatenessNanos, b.idleTimeoutNanos, b.latePolicy)
                : new GroupedEventTimeOrder(sourceSchemas, groupOf, b.allowedLatenessNanos, b.idleTimeoutNanos, b.latePolicy);
    }

    private Node build(Feature f, List<Node> sourceList) {
        Node existing = nodes.get(f);
        if (existing != null) {
            return existing;
        }
        Node node;
        if (f.isDataSource()) {
            node = new Node(f, null, this);
            sourceList.add(node);
        } else {
            FeatureDefinition def = (FeatureDefinition) f.definition();
            node = new Node(f, def.createOperator(OperatorContext.of(f, sharedState)), this);
            for (int i = 0; i < f.children().size(); i++) {
                build(f.children().get(i), sourceList).addTarget(node, i);
            }
        }
        nodes.put(f, node);
        topo.add(node);
        return node;
    }

    /** Marks and returns, in topological order, the nodes with two inputs fed by a common source (diamonds). */
    private Node[] findJoins() {
        Map<Node, BitSet> upstream = new HashMap<>();
        List<Node> out = new ArrayList<>();
        for (Node n : topo) {
            BitSet all = new BitSet();
            if (n.operator == null) {
                all.set(sourceIndexOf(n));
            }
            boolean shared = false;
            for (Feature child : n.feature.children()) {
                BitSet c = upstream.get(nodes.get(child));
                shared |= all.intersects(c);
                all.or(c);
            }
            upstream.put(n, all);
            if (shared) {
                n.makeJoin(n.feature.children().size());
                out.add(n);
            }
        }
        return out.toArray(new Node[0]);
    }

    private int sourceIndexOf(Node source) {
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] == source) {
                return i;
            }
        }
        throw new IllegalStateException(source.feature + " is not a source");
    }

    /** Data source features (the graph's inputs), in rank order. */
    public List<Feature> getIns() {
        return ins;
    }

    /** Output features, in the order given. */
    public List<Feature> getOuts() {
        return outs;
    }

    /** Every feature of the graph, children before parents. */
    public List<Feature> getFeatures() {
        List<Feature> all = new ArrayList<>();
        for (Node n : topo) {
            all.add(n.feature);
        }
        return all;
    }

    /** A handle on one feature's output stream. */
    public FeatureStream getStream(Feature feature) {
        return new FeatureStream(node(feature));
    }

    /** Replaces the listeners of a feature's outputs with {@code callback}. */
    public void setCallback(Feature feature, FeatureCallback callback) {
        Node n = node(feature);
        n.callbacks = new FeatureCallback[0];
        n.addCallback(callback);
    }

    /** Adds a callback for a feature's outputs, keeping those already set (e.g. a recorder beside a printer). */
    public void addCallback(Feature feature, FeatureCallback callback) {
        node(feature).addCallback(callback);
    }

    private Node node(Feature feature) {
        Node n = nodes.get(feature);
        if (n == null) {
            throw new IllegalArgumentException(feature + " is not part of this graph; features: " + getFeatures());
        }
        return n;
    }

    /** Rank of a data source in this graph, for the allocation-free {@link #emit(int, Event)}. */
    public int sourceIndex(Feature source) {
        Integer i = sourceIndex.get(source);
        if (i == null) {
            throw new IllegalArgumentException(source + " is not an input of this graph; inputs: " + ins);
        }
        return i;
    }

    /** The seed's entry point: push one data source event. */
    public void emitNamedDataEvent(NamedDataEvent event) {
        emit(sourceIndex(event.feature()), event.event());
    }

    public void emit(Feature source, Event event) {
        emit(sourceIndex(source), event);
    }

    /** Pushes one event of the data source with that rank. The event may be reused by the caller afterwards. */
    public void emit(int source, Event event) {
        Schema expected = sourceSchemas[source];
        if (event.schema() != expected && !event.schema().equals(expected)) {
            throw new IllegalArgumentException("input " + sources[source].feature + " expects " + expected.name()
                    + " events, got " + event.schema().name());
        }
        if (arrivalOrder) {
            process(source, event); // receipt time: no buffering, so no call through the ordering strategy
        } else {
            order.offer(source, event, this);
        }
    }

    /** Tells {@code listener} of every input as it is processed (null: nobody); see {@link InputListener}. */
    public void setInputListener(InputListener listener) {
        this.inputListener = listener;
    }

    /** End of input: releases events held by event-time ordering. */
    public void flush() {
        order.flush(this);
    }

    /** Runs one ordered input through the graph; called by the ordering strategy. */
    @Override
    public void process(int source, Event event) {
        inputCounts[source]++;
        if (inputListener != null) {
            inputListener.onInput(source, event);
        }
        long time = timeField == TimeField.RECEIPT ? event.receiptTs() : event.ts();
        if (gridNanos > 0 && combinedCallback != null) {
            emitGridPointsBefore(time);
        }
        changed = false;
        sources[source].emit(event);
        for (Node j : joins) { // each after all of its inputs; running one only feeds later ones
            if (j.hasPending()) {
                j.runPending();
            }
        }
        if (changed && gridNanos == 0 && (presentCount == latest.length || emitWithMissing)) {
            grouped.setTimes(event.ts(), event.receiptTs());
            combinedCallback.onCombined(grouped);
        }
    }

    /** Emits the vector as of every grid point g with g < time not yet emitted (values from inputs at or before g). */
    private void emitGridPointsBefore(long time) {
        if (nextGrid == Long.MIN_VALUE) {
            nextGrid = Math.floorDiv(time, gridNanos) * gridNanos + gridNanos;
            return;
        }
        while (nextGrid < time) {
            if (presentCount == latest.length || (emitWithMissing && presentCount > 0)) {
                grouped.setTimes(nextGrid, nextGrid);
                combinedCallback.onCombined(grouped);
            }
            nextGrid += gridNanos;
        }
    }

    void outputChanged(int index, Event event) {
        if (byReference[index]) {
            // the operator's own object, unchanged until it emits again; usually the same object as
            // last time, and skipping the store skips G1's card-marking barrier on the hot path
            if (latest[index] != event) {
                latest[index] = event;
            }
        } else {
            holders[index].copyFrom(event);
        }
        if (!present[index]) {
            present[index] = true;
            presentCount++;
        }
        changed = true;
    }

    /** Inputs processed so far, per data source rank. */
    public long inputCount(int source) {
        return inputCounts[source];
    }

    public long lateEventsDropped() {
        return order.lateDropped();
    }

    public long lateEventsProcessed() {
        return order.lateProcessed();
    }

    /** Events held back by event-time ordering. */
    public int bufferedEvents() {
        return order.buffered();
    }

    /** Writes every operator's state, the latest outputs, the ordering buffer and each source's position. */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(SNAPSHOT_VERSION);
            out.writeInt(topo.size());
            for (Node n : topo) {
                out.writeUTF(n.feature.key());
                ByteArrayOutputStream opBytes = new ByteArrayOutputStream();
                if (n.operator != null) {
                    n.operator.snapshot(new DataOutputStream(opBytes));
                }
                out.writeInt(opBytes.size());
                opBytes.writeTo(out);
            }
            for (int i = 0; i < sources.length; i++) {
                out.writeLong(inputCounts[i]);
            }
            out.writeBoolean(combinedCallback != null);
            if (combinedCallback != null) {
                out.writeLong(nextGrid);
                for (int i = 0; i < latest.length; i++) {
                    out.writeBoolean(present[i]);
                    if (present[i]) {
                        latest[i].write(out);
                    }
                }
            }
            order.snapshot(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a {@link #snapshot()} of a graph over the same features; continuing then gives the outputs of an uninterrupted
     * run. A snapshot of another graph, or with a feature's state its operator does not read exactly, is refused with an
     * {@link IllegalStateException}; the graph may then be partly restored and is to be built anew.
     */
    public void restore(byte[] snapshot) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
            int version = in.readInt();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalStateException("snapshot version " + version + " is not supported (expected " + SNAPSHOT_VERSION + ")");
            }
            int count = in.readInt();
            if (count != topo.size()) {
                throw new IllegalStateException("snapshot has " + count + " features, this graph " + topo.size());
            }
            for (Node n : topo) {
                String key = in.readUTF();
                if (!key.equals(n.feature.key())) {
                    throw new IllegalStateException("snapshot is of a different graph: found feature key " + key + " where " + n.feature + " (" + n.feature.key() + ") belongs");
                }
                byte[] op = new byte[in.readInt()];
                in.readFully(op);
                if (n.operator != null) {
                    restoreOperator(n, op);
                }
            }
            for (int i = 0; i < sources.length; i++) {
                inputCounts[i] = in.readLong();
            }
            boolean hadCombined = in.readBoolean();
            if (hadCombined != (combinedCallback != null)) {
                throw new IllegalStateException("snapshot was taken " + (hadCombined ? "with" : "without") + " combined outputs");
            }
            presentCount = 0;
            if (hadCombined) {
                nextGrid = in.readLong();
                for (int i = 0; i < latest.length; i++) {
                    present[i] = in.readBoolean();
                    latest[i] = holders[i];
                    if (present[i]) {
                        holders[i].read(in);
                        presentCount++;
                    }
                }
            }
            order.restore(in);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt graph snapshot", e);
        }
    }

    /**
     * Restores one operator from its bytes, which it must read exactly: a state written by another version of the
     * definition (an operator whose state changed shape, such as flow.ofi's window) would otherwise restore silently
     * into wrong values.
     */
    private static void restoreOperator(Node n, byte[] op) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(op);
        try {
            n.operator.restore(new DataInputStream(bytes));
        } catch (java.io.EOFException e) {
            throw new IllegalStateException(stateMismatch(n, op.length, "it ends before the operator's state does"), e);
        } catch (IOException | RuntimeException e) { // bytes of another shape read as this one: any nonsense can follow
            throw new IllegalStateException(stateMismatch(n, op.length, "reading them failed (" + e + ")"), e);
        }
        if (bytes.available() > 0) {
            throw new IllegalStateException(stateMismatch(n, op.length, bytes.available() + " of them are left unread"));
        }
    }

    private static String stateMismatch(Node n, int length, String what) {
        return "the snapshot's state of feature " + n.feature.name() + " (" + n.feature.definition().name() + ") does not fit "
                + "its operator: " + length + " bytes, and " + what + "; was the snapshot taken by another version of Featurizer?"
                + " Start from an empty state or a snapshot of this version";
    }

    /** Options of a graph; {@link #build()} makes it. */
    public static final class Builder {
        private final List<Feature> features;
        private CombinedOutputCallback combined;
        private boolean emitWithMissing;
        private long gridNanos;
        private TimeField timeField = TimeField.RECEIPT;
        private long allowedLatenessNanos;
        private long idleTimeoutNanos = 5_000_000_000L;
        private LateEventPolicy latePolicy = LateEventPolicy.DROP;

        private Builder(List<Feature> features) {
            this.features = List.copyOf(features);
        }

        /** Turns on combined outputs delivered to {@code callback} (null turns them off). */
        public Builder combineOutputs(CombinedOutputCallback callback) {
            this.combined = callback;
            return this;
        }

        /** Emit combined vectors before every output has a value (missing ones are null). */
        public Builder emitWithMissing(boolean emit) {
            this.emitWithMissing = emit;
            return this;
        }

        /** Emit one combined vector per grid point of this period (epoch-aligned) instead of one per input; 0 turns it off. */
        public Builder sampleEvery(long periodNanos) {
            if (periodNanos < 0) {
                throw new IllegalArgumentException("sampling period must be >= 0");
            }
            this.gridNanos = periodNanos;
            return this;
        }

        public Builder timeField(TimeField field) {
            this.timeField = field;
            return this;
        }

        /** Event-time mode: how far behind the slowest active source an event may be and still be in order. */
        public Builder allowedLateness(long nanos) {
            this.allowedLatenessNanos = nanos;
            return this;
        }

        /** Event-time mode: a source this far (event time) behind the newest input stops holding the watermark. */
        public Builder idleTimeout(long nanos) {
            this.idleTimeoutNanos = nanos;
            return this;
        }

        public Builder latePolicy(LateEventPolicy policy) {
            this.latePolicy = policy;
            return this;
        }

        public FeatureStreamGraph build() {
            return new FeatureStreamGraph(this);
        }
    }
}
