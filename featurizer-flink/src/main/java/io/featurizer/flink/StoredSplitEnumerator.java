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
 * Hands out the day splits: a source's first day to the reader of its feature group ({@code group index mod readers},
 * so a reader holds every source of its groups and merges them) as soon as that reader registers; every later day, in
 * order, to the reader that asks for it having read the day before ({@link NextSplit}). A source is so read by one
 * reader at a time, day after day, also after a restore at another parallelism (a restored split asks for its
 * successor from wherever it landed). Once every split is handed out, readers are told there are no more.
 */
final class StoredSplitEnumerator implements SplitEnumerator<StoredSplit, Collection<StoredSplit>> {
    private final SplitEnumeratorContext<StoredSplit> context;
    private final FlinkPlan plan;
    private final List<StoredSplit> pending;

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
            if (s.index == 0 && plan.groupOfSource(s.rank).index() % readers == subtask) {
                first.add(s);
            }
        }
        if (!first.isEmpty()) { // in one message: the reader starts with all its sources, merged from the first record
            pending.removeAll(first);
            context.assignSplits(new SplitsAssignment<>(Map.of(subtask, first)));
        }
        signalIfAllHandedOut();
    }

    @Override
    public void handleSourceEvent(int subtask, SourceEvent event) {
        if (event instanceof NextSplit n) {
            for (StoredSplit s : List.copyOf(pending)) {
                if (s.rank == n.rank() && s.index == n.index() + 1) {
                    assign(s, subtask);
                }
            }
            signalIfAllHandedOut();
        }
    }

    private void assign(StoredSplit s, int subtask) {
        pending.remove(s);
        context.assignSplit(s, subtask);
    }

    private void signalIfAllHandedOut() {
        if (pending.isEmpty()) {
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
