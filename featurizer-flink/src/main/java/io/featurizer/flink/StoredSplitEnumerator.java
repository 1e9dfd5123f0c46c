package io.featurizer.flink;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Hands every reader its share of the splits as soon as it registers (split {@code i} to reader {@code i mod
 * parallelism}), then says there are no more: each reader reads its sources at once ({@link StoredSourceReader}).
 */
final class StoredSplitEnumerator implements SplitEnumerator<StoredSplit, Collection<StoredSplit>> {
    private final SplitEnumeratorContext<StoredSplit> context;
    private final List<StoredSplit> pending;

    StoredSplitEnumerator(SplitEnumeratorContext<StoredSplit> context, Collection<StoredSplit> pending) {
        this.context = context;
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
        pending.addAll(splits); // a failed reader's splits: handed out again when it registers anew
    }

    @Override
    public void addReader(int subtask) {
        int readers = context.currentParallelism();
        List<StoredSplit> mine = new ArrayList<>();
        List<StoredSplit> rest = new ArrayList<>();
        for (StoredSplit s : pending) {
            (s.rank % readers == subtask ? mine : rest).add(s);
        }
        pending.clear();
        pending.addAll(rest);
        if (!mine.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(Map.of(subtask, mine)));
        }
        context.signalNoMoreSplits(subtask);
    }

    @Override
    public Collection<StoredSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {
    }
}
