package io.featurizer.flink;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads its sources' day splits, all its sources at once, merged by their records' keys: seeds first, then the
 * smallest merge key, an equal one to the lower rank. A reader with several sources of one group so hands the worker
 * their events interleaved in the group's order; read one after another, the worker would hold a whole source in
 * memory (and in every checkpoint) until the next one started.
 *
 * <p>A source is read as one stream from the replay start ({@link StoredSplitIterator}), one day split at a time: when
 * the record read ahead belongs to the next day, the split is done and the reader asks the enumerator for the next
 * one ({@link NextSplit}); that record waits until it comes, and then is the new split's first. So the last record of
 * a day still announces the next day's first key, nothing crosses a boundary twice or not at all, and only the split
 * being read is in the reader's checkpoint (a finished split waiting for its successor stays in it, so a restore asks
 * again).
 */
final class StoredSourceReader implements SourceReader<SourceRecord, StoredSplit> {
    /** One source: its current split, its stream and the record read ahead. */
    private static final class Chain {
        StoredSplit split;
        final StoredSplitIterator iterator;
        SourceRecord head;
        long sent; // records of the current split sent

        Chain(StoredSplit split, StoredSplitIterator iterator) {
            this.split = split;
            this.iterator = iterator;
            this.sent = split.sent;
            this.head = iterator.hasNext() ? iterator.next() : null;
        }

        /** The head is the next split's (an event past this day, or the end before the last day). */
        boolean waiting() {
            if (split.last()) {
                return false;
            }
            return head.kind == SourceRecord.END || (head.kind == SourceRecord.EVENT && head.event.ts() >= split.end);
        }
    }

    private final StoredInput input;
    private final FlinkPlan plan;
    private final SourceReaderContext context;
    private final List<Chain> chains = new ArrayList<>();
    private final List<StoredSplit> leaving = new ArrayList<>(); // restored here, owned by another reader: kept until transferred
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;

    StoredSourceReader(StoredInput input, SourceReaderContext context) {
        this.input = input;
        this.plan = input.spec().plan();
        this.context = context;
    }

    @Override
    public void start() {
    }

    @Override
    public InputStatus pollNext(ReaderOutput<SourceRecord> output) {
        Chain next = null;
        for (Chain c : chains) {
            if (next == null || before(c.head, next.head)) {
                next = c;
            }
        }
        if (next == null || next.waiting()) { // nothing, or the first record is the next day's: wait for its split
            if (done()) {
                return InputStatus.END_OF_INPUT;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        output.collect(next.head);
        next.sent++;
        if (next.iterator.hasNext()) {
            next.head = next.iterator.next();
            if (next.waiting()) {
                context.sendSourceEventToCoordinator(new NextSplit(next.split.rank, next.split.index));
            }
        } else {
            next.iterator.close();
            chains.remove(next);
        }
        return done() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    /** Every split read, none waiting to move to its owner, and none to come. */
    private boolean done() {
        return chains.isEmpty() && noMoreSplits && leaving.isEmpty();
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
        List<StoredSplit> state = new ArrayList<>(leaving);
        for (Chain c : chains) {
            state.add(c.split.at(c.split.before, c.sent)); // the head was read but not sent: the restored split reads it again
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<StoredSplit> splits) {
        int subtask = context.getIndexOfSubtask();
        int readers = context.currentParallelism();
        for (StoredSplit s : splits) {
            if (plan.ownerOfSource(s.rank, readers) != subtask) {
                leaving.add(s); // restored at another parallelism: its worker is elsewhere, and records cannot be shuffled
                context.sendSourceEventToCoordinator(new TransferSplit(s));
                continue;
            }
            Chain same = chains.stream().filter(c -> c.split.rank == s.rank).findFirst().orElse(null);
            if (same != null) {
                if (s.index != same.split.index + 1 || !same.waiting()) {
                    throw new IllegalStateException("stored split " + s + " handed to a reader reading " + same.split + " of the same source");
                }
                same.split = s.at(same.split.before + same.sent, 0); // the head read ahead is the new split's first record
                same.sent = 0;
                if (same.waiting()) {
                    context.sendSourceEventToCoordinator(new NextSplit(s.rank, s.index)); // a day with nothing of this source
                }
                continue;
            }
            Chain c = new Chain(s, new StoredSplitIterator(input, plan, s.rank, s.before + s.sent));
            if (c.head == null) {
                c.iterator.close();
                continue;
            }
            chains.add(c);
            if (c.waiting()) {
                context.sendSourceEventToCoordinator(new NextSplit(s.rank, s.index)); // restored at the end of its day
            }
        }
        available.complete(null);
    }

    @Override
    public void handleSourceEvents(org.apache.flink.api.connector.source.SourceEvent event) {
        if (event instanceof SplitTransferred t) {
            leaving.removeIf(s -> s.rank == t.rank() && s.index == t.index());
            available.complete(null);
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        for (Chain c : chains) {
            c.iterator.close();
        }
        chains.clear();
    }
}
