package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Event-time order for a graph over several feature groups ({@link io.featurizer.core.feature.FeatureGroup}): one
 * {@link EventTimeOrder} per group, so a group's watermark, idleness and late decisions depend only on its own
 * sources. That is what makes a graph over all features equal the per-group graphs Flink runs (and the chunks a
 * compute runs): a slow or idle source of one group never holds back, or makes late, another group's events.
 */
final class GroupedEventTimeOrder implements InputOrder {
    private final EventTimeOrder[] groups;
    private final int[] groupOf;
    private final int[] localIndex;
    private final GroupSink[] sinks;

    /** @param groupOf each source's group index (0..groups-1) */
    GroupedEventTimeOrder(Schema[] schemas, int[] groupOf, long allowedLatenessNanos, long idleTimeoutNanos, LateEventPolicy policy) {
        int count = 0;
        for (int g : groupOf) {
            count = Math.max(count, g + 1);
        }
        this.groupOf = groupOf.clone();
        this.localIndex = new int[groupOf.length];
        int[] sizes = new int[count];
        for (int s = 0; s < groupOf.length; s++) {
            localIndex[s] = sizes[groupOf[s]]++;
        }
        this.groups = new EventTimeOrder[count];
        this.sinks = new GroupSink[count];
        for (int g = 0; g < count; g++) {
            Schema[] own = new Schema[sizes[g]];
            int[] global = new int[sizes[g]];
            for (int s = 0; s < groupOf.length; s++) {
                if (groupOf[s] == g) {
                    own[localIndex[s]] = schemas[s];
                    global[localIndex[s]] = s;
                }
            }
            groups[g] = new EventTimeOrder(own, allowedLatenessNanos, idleTimeoutNanos, policy);
            sinks[g] = new GroupSink(global);
        }
    }

    /** Maps a group's source index back to the graph's. */
    private static final class GroupSink implements Sink {
        final int[] global;
        Sink target;

        GroupSink(int[] global) {
            this.global = global;
        }

        @Override
        public void process(int source, Event event) {
            target.process(global[source], event);
        }
    }

    @Override
    public void offer(int source, Event event, Sink sink) {
        int g = groupOf[source];
        GroupSink s = sinks[g];
        s.target = sink;
        groups[g].offer(localIndex[source], event, s);
    }

    @Override
    public void flush(Sink sink) {
        for (int g = 0; g < groups.length; g++) {
            sinks[g].target = sink;
            groups[g].flush(sinks[g]);
        }
    }

    @Override
    public long lateDropped() {
        long n = 0;
        for (EventTimeOrder g : groups) {
            n += g.lateDropped();
        }
        return n;
    }

    @Override
    public long lateProcessed() {
        long n = 0;
        for (EventTimeOrder g : groups) {
            n += g.lateProcessed();
        }
        return n;
    }

    @Override
    public int buffered() {
        int n = 0;
        for (EventTimeOrder g : groups) {
            n += g.buffered();
        }
        return n;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        for (EventTimeOrder g : groups) {
            g.snapshot(out);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        for (EventTimeOrder g : groups) {
            g.restore(in);
        }
    }
}
