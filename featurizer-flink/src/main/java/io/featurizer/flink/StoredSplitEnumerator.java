package io.featurizer.flink;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Hands out the day splits, each to its owner: the reader with the subtask index of its feature group's worker
 * ({@link FlinkPlan#ownerOfSource}), so a reader holds every source of its groups, merges them, and hands their records
 * to the worker in the same task, without a shuffle. A source's first day goes out as soon as its owner registers;
 * every later day, in order, when the source's reader has read the day before ({@link NextSplit}). A split restored
 * onto another reader (a restore at another parallelism) is handed on to its owner ({@link TransferSplit}). Once
 * every split is handed out, readers are told there are no more.
 */
final class StoredSplitEnumerator implements SplitEnumerator<StoredSplit, Collection<StoredSplit>> {
    private final SplitEnumeratorContext<StoredSplit> context;
    private final FlinkPlan plan;
    private final List<StoredSplit> pending;
    /** Restored splits on their way to an owner not registered yet, by releasing subtask (not state: the releaser keeps them). */
    private final List<Map.Entry<Integer, StoredSplit>> handoffs = new ArrayList<>();
    /**
     * Pending days asked for ({@link NextSplit}) before their owner registered: a reader restored at the end of a day asks
     * from {@code addSplits}, which Flink calls before the reader registers, and Flink refuses splits for an unregistered
     * reader (the failure that once left a job restarting without end). Not state: the restored reader asks again.
     */
    private final List<StoredSplit> asked = new ArrayList<>();

    StoredSplitEnumerator(SplitEnumeratorContext<StoredSplit> context, FlinkPlan plan, Collection<StoredSplit> pending) {
        this.context = context;
        this.plan = plan;
        this.pending = new ArrayList<>(pending);
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtask, String host) {
    }

    @Override
    public void addSplitsBack(List<StoredSplit> splits, int subtask) {
        pending.addAll(splits); // a failed reader's splits: a first day goes out again when its reader registers, a later one when asked for
    }

    @Override
    public void addReader(int subtask) {
        int readers = context.currentParallelism();
        List<StoredSplit> first = new ArrayList<>();
        for (StoredSplit s : pending) {
            if (s.index == 0 && plan.ownerOfSource(s.rank, readers) == subtask) {
                first.add(s);
            }
        }
        if (!first.isEmpty()) { // in one message: the reader starts with all its sources, merged from the first record
            pending.removeAll(first);
            context.assignSplits(new SplitsAssignment<>(Map.of(subtask, first)));
        }
        for (StoredSplit s : List.copyOf(asked)) {
            if (owner(s) == subtask) {
                asked.remove(s);
                assign(s, subtask);
            }
        }
        for (Map.Entry<Integer, StoredSplit> h : List.copyOf(handoffs)) {
            if (owner(h.getValue()) == subtask) {
                handoffs.remove(h);
                handOver(h.getValue(), h.getKey());
            }
        }
        signalIfAllHandedOut();
    }

    @Override
    public void handleSourceEvent(int subtask, SourceEvent event) {
        if (event instanceof NextSplit n) {
            for (StoredSplit s : List.copyOf(pending)) {
                if (s.rank == n.rank() && s.index == n.index() + 1) {
                    if (context.registeredReaders().containsKey(owner(s))) {
                        assign(s, owner(s));
                    } else if (!asked.contains(s)) {
                        asked.add(s); // goes out when its owner registers
                    }
                }
            }
            signalIfAllHandedOut();
        } else if (event instanceof TransferSplit t) {
            if (context.registeredReaders().containsKey(owner(t.split()))) {
                handOver(t.split(), subtask);
            } else {
                handoffs.add(Map.entry(subtask, t.split())); // sent before the releaser registered; its owner comes later
            }
        }
    }

    private int owner(StoredSplit s) {
        return plan.ownerOfSource(s.rank, context.currentParallelism());
    }

    /** The split to its owner, and at the same moment the word to its releaser that it may forget it. */
    private void handOver(StoredSplit s, int releaser) {
        context.assignSplit(s, owner(s));
        context.sendEventToSourceReader(releaser, new SplitTransferred(s.rank, s.index));
    }

    private void assign(StoredSplit s, int subtask) {
        pending.remove(s);
        context.assignSplit(s, subtask);
    }

    /**
     * No more splits, once none is pending and every reader has registered: a reader sends its restored splits' transfers
     * before it registers, so by then every split has reached its owner.
     */
    private void signalIfAllHandedOut() {
        if (pending.isEmpty() && handoffs.isEmpty() && context.registeredReaders().size() == context.currentParallelism()) {
            for (int subtask : context.registeredReaders().keySet()) {
                context.signalNoMoreSplits(subtask);
            }
        }
    }

    @Override
    public Collection<StoredSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {
    }
}
