package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredStream;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads one source's records (a chain of its day splits, {@link StoredSourceReader}): the source's state seed before the replay start (as a chunk of {@code compute} seeds it,
 * {@link StoredStream#stateBefore}), its events through the stored-stream reader, then an end. Reads one event
 * ahead, so every record says its source's next merge key.
 */
final class StoredSplitIterator implements Iterator<SourceRecord>, AutoCloseable {
    private final Storage storage;
    private final StoredStream stream;
    private final MergeOrder order;
    private final int route;
    private final int rank;
    private Event seed;
    private Event ahead; // a fresh event per record: records are never changed once sent (SourceRecord)
    private long aheadSequence;
    private boolean hasAhead;
    private boolean ended;
    private boolean closed;
    private long sent;

    /** The stream of the source of rank {@code rank} from the replay start, its first {@code skip} records skipped. */
    StoredSplitIterator(StoredInput input, FlinkPlan plan, int rank, long skip) {
        this.rank = rank;
        Feature source = plan.sources().get(rank);
        this.route = plan.route(plan.groupOfSource(rank));
        this.order = input.spec().order();
        this.storage = input.storage().openForReading();
        StreamId id = StreamId.of(source);
        Optional<Event> s = StoredStream.stateBefore(storage, id, input.from());
        this.seed = s.orElse(null);
        this.stream = StoredStream.open(storage, id, input.from(), Long.MAX_VALUE);
        fill();
        while (sent < skip && hasNext()) {
            next();
        }
    }

    private void fill() {
        hasAhead = stream.next();
        if (hasAhead) {
            ahead = stream.current().copy();
            aheadSequence = stream.sequence();
        }
    }

    private long aheadKey() {
        return hasAhead ? order.key(ahead, aheadSequence) : Long.MAX_VALUE;
    }

    long sent() {
        return sent;
    }

    @Override
    public boolean hasNext() {
        return !ended;
    }

    @Override
    public SourceRecord next() {
        if (ended) {
            throw new NoSuchElementException("source " + rank + " has ended");
        }
        sent++;
        if (seed != null) {
            SourceRecord r = new SourceRecord(route, rank, SourceRecord.SEED, Long.MIN_VALUE, aheadKey(), seed);
            seed = null;
            return r;
        }
        if (hasAhead) {
            long key = aheadKey();
            Event event = ahead;
            fill();
            return new SourceRecord(route, rank, SourceRecord.EVENT, key, aheadKey(), event);
        }
        ended = true;
        close();
        return new SourceRecord(route, rank, SourceRecord.END, Long.MAX_VALUE, Long.MAX_VALUE, null);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stream.close();
        storage.close();
    }
}
