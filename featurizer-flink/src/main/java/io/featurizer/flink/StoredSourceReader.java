package io.featurizer.flink;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads all its splits (data sources) at once, merged by their records' keys: seeds first, then the smallest merge
 * key, an equal one to the lower rank. A reader with several sources of one group so hands the worker their events
 * interleaved in the group's order; read one split after another, the worker would hold a whole source in memory
 * (and in every checkpoint) until the next one started.
 */
final class StoredSourceReader implements SourceReader<SourceRecord, StoredSplit> {
    /** An open split and its next record. */
    private static final class Open {
        final StoredSplit split;
        final StoredSplitIterator iterator;
        SourceRecord head;

        Open(StoredSplit split, StoredSplitIterator iterator) {
            this.split = split;
            this.iterator = iterator;
            this.head = iterator.hasNext() ? iterator.next() : null;
        }
    }

    private final StoredInput input;
    private final FlinkPlan plan;
    private final List<Open> open = new ArrayList<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;

    StoredSourceReader(StoredInput input) {
        this.input = input;
        this.plan = input.spec().plan();
    }

    @Override
    public void start() {
    }

    @Override
    public InputStatus pollNext(ReaderOutput<SourceRecord> output) {
        Open next = null;
        for (Open o : open) {
            if (next == null || before(o.head, next.head)) {
                next = o;
            }
        }
        if (next == null) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        output.collect(next.head);
        if (next.iterator.hasNext()) {
            next.head = next.iterator.next();
        } else {
            next.iterator.close();
            open.remove(next);
        }
        return open.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    /** Seeds first; then by merge key, then rank (an end's key is the largest). */
    private static boolean before(SourceRecord a, SourceRecord b) {
        boolean seedA = a.kind == SourceRecord.SEED, seedB = b.kind == SourceRecord.SEED;
        if (seedA != seedB) {
            return seedA;
        }
        if (a.key != b.key) {
            return a.key < b.key;
        }
        return a.rank < b.rank;
    }

    @Override
    public List<StoredSplit> snapshotState(long checkpointId) {
        List<StoredSplit> state = new ArrayList<>();
        for (Open o : open) {
            // the head was read but not yet sent: the restored split resends it
            state.add(new StoredSplit(o.split.rank, o.iterator.sent() - 1));
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<StoredSplit> splits) {
        for (StoredSplit s : splits) {
            Open o = new Open(s, new StoredSplitIterator(input, plan, s));
            if (o.head != null) {
                open.add(o);
            } else {
                o.iterator.close();
            }
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        for (Open o : open) {
            o.iterator.close();
        }
        open.clear();
    }
}
