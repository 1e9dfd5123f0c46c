package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "is this event already stored?" for one stream during an append ingest, so re-ingesting rows adds
 * nothing whatever the compaction, after a lenient run or from an overlapping file. Two events are the same
 * when every stored field is equal (times and values, not the sequence), as the stream merge reads them.
 *
 * <p>The stored events are the stream's blocks listed when the ingest of the stream began (its own new blocks
 * are not looked at), read through {@link BlockMerge} in step with the file: the merge (in stream order: receipt
 * time, then sequence) is advanced up to each queried event and the stored events of the last
 * {@value #WINDOW_SECONDS} s of receipt time are kept, so a file whose rows step back a little is still checked
 * exactly; a query further back re-reads from there. A stream with nothing stored answers at once.
 */
final class AlreadyStored {
    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW = WINDOW_SECONDS * 1_000_000_000L;

    private final Storage storage;
    private final StreamId stream;
    private final List<BlockMetadata> blocks;
    private BlockMerge stored;
    private boolean storedLive;
    private long low; // stored events received before this are no longer in the window
    private long tsFloor; // the merge reads stored events with ts at or after this
    private final Map<Long, List<Event>> window = new HashMap<>();
    private final ArrayDeque<Event> byTime = new ArrayDeque<>();

    AlreadyStored(Storage storage, StreamId stream) {
        this.storage = storage;
        this.stream = stream;
        this.blocks = storage.blocks(stream, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    boolean contains(Event e) {
        if (blocks.isEmpty()) {
            return false;
        }
        if (stored == null || e.receiptTs() < low || e.ts() < tsFloor) {
            reopen(e);
        }
        while (storedLive && !after(stored.current(), e)) {
            remember(stored.current().copy());
            storedLive = stored.next();
        }
        List<Event> same = window.get(key(e.ts(), e.receiptTs()));
        if (same != null) {
            for (Event s : same) {
                if (s.ts() == e.ts() && s.receiptTs() == e.receiptTs() && s.sameValues(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when {@code s} comes after {@code e} in stream order (receipt time, then exchange time). */
    private static boolean after(Event s, Event e) {
        return s.receiptTs() > e.receiptTs() || (s.receiptTs() == e.receiptTs() && s.ts() > e.ts());
    }

    private void remember(Event s) {
        window.computeIfAbsent(key(s.ts(), s.receiptTs()), k -> new ArrayList<>(1)).add(s);
        byTime.addLast(s);
        long keepFrom = s.receiptTs() - WINDOW;
        while (!byTime.isEmpty() && byTime.peekFirst().receiptTs() < keepFrom) {
            Event old = byTime.pollFirst();
            List<Event> list = window.get(key(old.ts(), old.receiptTs()));
            list.remove(old);
            if (list.isEmpty()) {
                window.remove(key(old.ts(), old.receiptTs()));
            }
        }
        low = Math.max(low, keepFrom);
    }

    private void reopen(Event e) {
        close();
        long ts = e.ts();
        long from = ts - WINDOW > ts ? Long.MIN_VALUE : ts - WINDOW;
        List<BlockMetadata> overlapping = new ArrayList<>();
        for (BlockMetadata b : blocks) {
            if (b.endTs() >= from) {
                overlapping.add(b);
            }
        }
        stored = new BlockMerge(storage, stream, overlapping, from, Long.MAX_VALUE, false);
        storedLive = stored.next();
        tsFloor = from;
        low = Long.MIN_VALUE; // everything read from here on is in the window until it ages out
    }

    private static long key(long ts, long receipt) {
        return ts * 31 + receipt;
    }

    void close() {
        if (stored != null) {
            stored.close();
            stored = null;
        }
        window.clear();
        byTime.clear();
    }
}
