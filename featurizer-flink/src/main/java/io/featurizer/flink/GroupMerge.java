package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureGroup;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.compute.InputPosition;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The worker of the original (FeaturizerStreamWorkerActor) for one feature group: merges the group's sources into
 * the order of DESIGN.md section 4 and runs them through the group's {@link FeatureStreamGraph}, whatever order
 * the sources' records arrive in from Flink's partitions.
 *
 * <p><b>The merge</b> is {@link io.featurizer.offline.StoredInputMerge}'s: the head with the smallest merge key goes
 * first, an equal key to the lower rank. A source's records arrive in its own order, each with its next event's key,
 * so a source with nothing queued still says what its next key will be: the smallest head is released once no
 * queued-empty source can come before it. From a log (Kafka), where no record knows the next one, a record's own key
 * and Flink's watermark give that bound instead ({@link #watermark}). Seeds (state before the replay start) go first, in rank order, once
 * every source has spoken, as a chunk of {@code compute} feeds them.
 *
 * <p>Outputs timed in {@code [lo, hi]} are sent with their input's position; a {@link FeatureOutput#DATA_END} record
 * follows the last input. Everything is in {@link #snapshot()}, so Flink checkpoints carry the worker.
 */
final class GroupMerge {
    private static final int SNAPSHOT_VERSION = 2;

    private final FlinkPlan plan;
    private final FeatureGroup group;
    private final MergeOrder order;
    private final long lo;
    private final long hi;
    private final FeatureStreamGraph graph;
    private final InputPosition position;
    private final int[] ranks;
    private final ArrayDeque<SourceRecord>[] queues;
    private final long[] bound;
    private final boolean[] started;
    private final boolean[] ended;
    private final Event[] seeds;
    private final EventBytes bytes = new EventBytes();
    private Consumer<FeatureOutput> out;
    private boolean seeded;
    private boolean finished;
    private long dataEnd = Long.MIN_VALUE;
    // combined vectors (null: not asked for): each processed input's group outputs, positioned by its arrival
    private final Consumer<GroupChange> changes;
    private final int[] outputIndex;
    private final long[] lastKey;
    private final long[] ordinal;
    private final org.apache.flink.core.memory.DataOutputSerializer changeBytes = new org.apache.flink.core.memory.DataOutputSerializer(256);
    private long arrivalKey;
    private long arrivalTie;
    private int sub;

    @SuppressWarnings("unchecked")
    GroupMerge(FlinkPlan plan, FeatureGroup group, MergeOrder order, long lo, long hi, boolean seeds) {
        this(plan, group, order, lo, hi, seeds, null);
    }

    /** @param changes where each processed input's {@link GroupChange} goes, for combined vectors (null: none) */
    GroupMerge(FlinkPlan plan, FeatureGroup group, MergeOrder order, long lo, long hi, boolean seeds, Consumer<GroupChange> changes) {
        this.plan = plan;
        this.group = group;
        this.order = order;
        this.lo = lo;
        this.hi = hi;
        FeatureStreamGraph.Builder b = FeatureStreamGraph.builder(group.features());
        plan.config().ordering().applyTo(b);
        this.changes = changes;
        if (changes != null) {
            // the group's part of every vector: after each input that changed an output, whatever the config's sampling
            // and missing-value rules (the combiner applies them to the whole vector)
            b.sampleEvery(0).emitWithMissing(true).combineOutputs(this::onGroupVector);
        }
        this.graph = b.build();
        if (!graph.getIns().equals(group.dataSources())) {
            throw new IllegalStateException("group " + group.index() + " graph ranks its sources " + graph.getIns() + ", the plan " + group.dataSources());
        }
        this.ranks = plan.ranks(group);
        this.position = new InputPosition(order, ranks);
        graph.setInputListener((source, event) -> {
            position.onInput(source, event);
            sub++;
        });
        List<Feature> outputs = plan.outputs();
        this.outputIndex = graph.getOuts().stream().mapToInt(outputs::indexOf).toArray();
        for (Feature f : group.features()) {
            int index = outputs.indexOf(f);
            graph.addCallback(f, (feature, e) -> onOutput(index, e));
        }
        int n = ranks.length;
        this.queues = new ArrayDeque[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new ArrayDeque<>();
        }
        this.bound = new long[n];
        java.util.Arrays.fill(bound, Long.MIN_VALUE);
        this.started = new boolean[n];
        this.ended = new boolean[n];
        this.seeds = new Event[n];
        this.lastKey = new long[n];
        this.ordinal = new long[n];
        java.util.Arrays.fill(lastKey, Long.MIN_VALUE);
        this.seeded = !seeds; // a log (Kafka) has no state before its start: nothing to wait for
    }

    private void onOutput(int index, Event e) {
        long ts = e.ts();
        if (ts >= lo && ts <= hi) {
            out.accept(new FeatureOutput(index, position.time(), position.order(), bytes.encode(e)));
        }
    }

    private void onGroupVector(io.featurizer.core.feature.GroupedNamedDataEvent g) {
        try {
            changeBytes.clear();
            int present = 0;
            for (int i = 0; i < g.size(); i++) {
                present += g.isPresent(i) ? 1 : 0;
            }
            changeBytes.writeInt(present);
            for (int i = 0; i < g.size(); i++) {
                if (g.isPresent(i)) {
                    changeBytes.writeInt(outputIndex[i]);
                    g.event(i).write(changeBytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changes.accept(new GroupChange(arrivalKey, arrivalTie, sub, g.ts(), g.receiptTs(), changeBytes.getCopyOfBuffer()));
    }

    /** The next arrival into the graph: what its processed inputs are positioned by ({@link GroupChange}). */
    private void arrival(int s, long key) {
        if (key != lastKey[s]) {
            lastKey[s] = key;
            ordinal[s] = 0;
        } else {
            ordinal[s]++;
        }
        arrivalKey = key;
        arrivalTie = ((long) ranks[s] << 40) | ordinal[s];
        sub = -1;
    }

    /**
     * The smallest merge key an arrival of this group can still have (its {@link GroupChange}s are at or after it):
     * {@link Long#MIN_VALUE} before seeding, {@link Long#MAX_VALUE} once finished.
     */
    long lowerBound() {
        if (finished) {
            return Long.MAX_VALUE;
        }
        if (!seeded) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE; // every source ended: what remains is the end's flush
        for (int s = 0; s < queues.length; s++) {
            SourceRecord head = queues[s].peek();
            long next = head != null ? head.key : ended[s] ? Long.MAX_VALUE : bound[s];
            min = Math.min(min, next);
        }
        return min;
    }

    /** Takes one record of one of the group's sources and sends every output it lets through. */
    void accept(SourceRecord r, Consumer<FeatureOutput> sink) {
        this.out = sink;
        int s = localIndex(r.rank);
        if (s < 0) {
            throw new IllegalStateException("source " + r.rank + " is not in feature group " + group.index() + " (sources " + java.util.Arrays.toString(ranks) + ")");
        }
        started[s] = true;
        switch (r.kind) {
            case SourceRecord.SEED -> seeds[s] = r.event;
            case SourceRecord.EVENT -> queues[s].add(r);
            case SourceRecord.END -> ended[s] = true;
            default -> throw new IllegalStateException("unknown source record kind " + r.kind);
        }
        bound[s] = r.nextKey;
        drain();
    }

    private int localIndex(int rank) {
        for (int s = 0; s < ranks.length; s++) {
            if (ranks[s] == rank) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Flink's watermark: no source of this group sends an event with a merge key at or below {@code watermark} any
     * more (a log's partitions are read in order, their keys ascending). At {@link Long#MAX_VALUE} (a bounded input's
     * end) every source has ended.
     */
    void watermark(long watermark, Consumer<FeatureOutput> sink) {
        this.out = sink;
        if (watermark == Long.MAX_VALUE) {
            java.util.Arrays.fill(started, true);
            java.util.Arrays.fill(ended, true);
        } else {
            for (int s = 0; s < bound.length; s++) {
                bound[s] = Math.max(bound[s], watermark + 1);
            }
        }
        drain();
    }

    private void drain() {
        if (!seeded) {
            for (boolean s : started) {
                if (!s) {
                    return;
                }
            }
            seeded = true;
            for (int s = 0; s < seeds.length; s++) {
                if (seeds[s] != null) {
                    arrival(s, Long.MIN_VALUE);
                    graph.emit(s, seeds[s]);
                    seeds[s] = null;
                }
            }
        }
        while (true) {
            int best = -1;
            long bestKey = 0;
            for (int s = 0; s < queues.length; s++) {
                SourceRecord head = queues[s].peek();
                if (head != null && (best < 0 || head.key < bestKey)) { // strict: an equal key keeps the lower rank
                    best = s;
                    bestKey = head.key;
                }
            }
            if (best < 0) {
                finishIfEnded();
                return;
            }
            for (int s = 0; s < queues.length; s++) {
                if (queues[s].isEmpty() && !ended[s] && (bound[s] < bestKey || (bound[s] == bestKey && s < best))) {
                    return; // that source's next event may come first
                }
            }
            SourceRecord next = queues[best].poll();
            Event e = next.event;
            arrival(best, next.key);
            graph.emit(best, e);
            long ts = e.ts();
            if (ts >= lo && ts <= hi) {
                dataEnd = Math.max(dataEnd, order.clockTime(e));
            }
        }
    }

    private void finishIfEnded() {
        if (finished) {
            return;
        }
        for (boolean e : ended) {
            if (!e) {
                return;
            }
        }
        finished = true;
        arrivalKey = Long.MAX_VALUE;
        arrivalTie = group.index();
        sub = -1;
        graph.flush(); // the end of the stored data: an event-time graph releases what it still holds
        out.accept(new FeatureOutput(FeatureOutput.DATA_END, dataEnd, 0, new byte[0]));
    }

    boolean finished() {
        return finished;
    }

    long lateDropped() {
        return graph.lateEventsDropped();
    }

    long lateProcessed() {
        return graph.lateEventsProcessed();
    }

    /** Events waiting: in the merge's queues and in the graph's event-time buffer. */
    long buffered() {
        long n = graph.bufferedEvents();
        for (ArrayDeque<SourceRecord> q : queues) {
            n += q.size();
        }
        return n;
    }

    /** The whole worker: graph, positions, queues, bounds and seeds. */
    byte[] snapshot() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(buffer);
            o.writeInt(SNAPSHOT_VERSION);
            byte[] g = graph.snapshot();
            o.writeInt(g.length);
            o.write(g);
            position.snapshot(o);
            o.writeBoolean(seeded);
            o.writeBoolean(finished);
            o.writeLong(dataEnd);
            for (int s = 0; s < queues.length; s++) {
                o.writeLong(lastKey[s]);
                o.writeLong(ordinal[s]);
                o.writeLong(bound[s]);
                o.writeBoolean(started[s]);
                o.writeBoolean(ended[s]);
                o.writeBoolean(seeds[s] != null);
                if (seeds[s] != null) {
                    seeds[s].write(o);
                }
                o.writeInt(queues[s].size());
                for (SourceRecord p : queues[s]) {
                    o.writeLong(p.key);
                    p.event.write(o);
                }
            }
            o.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void restore(byte[] snapshot) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
            int version = in.readInt();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalStateException("group worker snapshot version " + version + " is not supported (expected " + SNAPSHOT_VERSION + ")");
            }
            byte[] g = new byte[in.readInt()];
            in.readFully(g);
            graph.restore(g);
            position.restore(in);
            seeded = in.readBoolean();
            finished = in.readBoolean();
            dataEnd = in.readLong();
            for (int s = 0; s < queues.length; s++) {
                lastKey[s] = in.readLong();
                ordinal[s] = in.readLong();
                bound[s] = in.readLong();
                started[s] = in.readBoolean();
                ended[s] = in.readBoolean();
                seeds[s] = null;
                if (in.readBoolean()) {
                    seeds[s] = Events.newEvent(group.dataSources().get(s).schema());
                    seeds[s].read(in);
                }
                queues[s].clear();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    long key = in.readLong();
                    Event e = Events.newEvent(group.dataSources().get(s).schema());
                    e.read(in);
                    queues[s].add(new SourceRecord(0, ranks[s], SourceRecord.EVENT, key, key, e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
