package io.featurizer.storage;

import io.featurizer.core.event.Event;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream as storage defines it (DESIGN.md section 6): the de-duplicated union of its blocks, in stream
 * order, whatever the block layout. The one merge every read of stored events goes through.
 *
 * <p><b>Stream order</b> is ({@code receiptTs}, |sequence|): a stream's events are stored in the order they were
 * received (the recorder stores them as they arrive, numbered by its ingestion sequence; vendor files are ordered by
 * their local timestamp, numbered by line), so this is the stored order within a block, while exchange times may
 * step back. Blocks are
 * taken in clusters: a cluster is a run of blocks whose receipt-time ranges (from each file's footer statistics)
 * overlap (touching counts); clusters follow one another in receipt time. A cluster of one block (the normal
 * layout) is read as stored, with no merge; the blocks of a larger cluster are merged by stream order. Clusters
 * are opened one at a time, so a month of hourly blocks holds one block's row group in memory, not 720. (Exchange
 * time ranges, which the catalog lists, do not order blocks of a stream whose exchange times step back: two
 * one-event blocks can list in the opposite order of their events.)
 *
 * <p><b>Duplicates.</b> Two events are the same event when every stored field is equal: times and values,
 * not the sequence (a vendor row's line number, or a recorder's counter, differs between two files holding
 * the same event). Equal events have equal times, so the merge keeps the events delivered at the current
 * {@code receiptTs} and drops a later one equal to any of them in exchange time and values. The first copy in stream order
 * stays (so its sequence is the smallest). Only ties are copied: the block cursor keeps the event before its
 * current one intact ({@link ParquetBlocks#read}), so the last delivered event is copied into the group only
 * when the next one has the same receipt time (a copy of every book message cost about a third of compute's
 * throughput: BENCHMARKS.md, issue 11).
 *
 * <p><b>Book start snapshots.</b> A book block that did not begin with a venue snapshot begins with one the
 * recorder synthesized from its book (stored with a negative sequence: {@code -s} sits just before event
 * {@code s}). They are not venue data: the merge skips them, except the very first row of the read when
 * {@code keepStartSnapshot} (a read that rebuilds the book from its first block).
 *
 * <p>{@link #current()} is a view valid until the next {@link #next()}; steady state allocates nothing (the
 * group of delivered events is a pool of reused copies).
 */
public final class BlockMerge implements EventCursor {
    private final Storage storage;
    private final StreamId stream;
    private final List<BlockMetadata> blocks;
    private final long from;
    private final long to;
    private boolean keepSnapshot;
    private int nextBlock;
    // the open cluster: one cursor per block, null once exhausted
    private final List<EventCursor> open = new ArrayList<>();
    private int live;
    private int current = -1;
    private boolean advanceCurrent;
    // the events delivered at the group's (ts, receiptTs), for de-duplication: copies of the earlier ones, and the
    // last one as the view its cursor still holds (until that cursor moves twice) unless copied already
    private final List<Event> group = new ArrayList<>();
    private int groupSize;
    private long groupReceipt;
    private boolean hasLast;
    private Event last;
    private int lastCursor = -1;
    private boolean lastCopied;
    private long duplicates;

    /**
     * @param blocks the stream's blocks to read, ordered by start then end (as the catalog lists them)
     * @param from   events with {@code ts < from} are skipped
     * @param to     events with {@code ts > to} are skipped
     */
    public BlockMerge(Storage storage, StreamId stream, List<BlockMetadata> blocks, long from, long to, boolean keepStartSnapshot) {
        this.storage = storage;
        this.stream = stream;
        this.blocks = List.copyOf(blocks);
        this.from = from;
        this.to = to;
        this.keepSnapshot = keepStartSnapshot;
    }

    @Override
    public boolean next() {
        if (advanceCurrent) {
            advanceCurrent = false;
            advance(current);
        }
        while (true) {
            if (live == 0 && !openCluster()) {
                current = -1;
                return false;
            }
            int best = pick();
            EventCursor c = open.get(best);
            Event e = c.current();
            long seq = c.sequence();
            if (seq < 0) {
                if (keepSnapshot) {
                    keepSnapshot = false;
                    return deliver(best, e);
                }
                skip(best);
                continue;
            }
            keepSnapshot = false;
            if (isDuplicate(e)) {
                duplicates++;
                skip(best);
                continue;
            }
            return deliver(best, e);
        }
    }

    private boolean deliver(int cursor, Event e) {
        remember(e);
        lastCursor = cursor;
        current = cursor;
        advanceCurrent = true;
        return true;
    }

    /** The open cursor whose head comes first in stream order (the lower block on a tie: blocks never tie on real data). */
    private int pick() {
        int best = -1;
        Event be = null;
        long bs = 0;
        for (int i = 0; i < open.size(); i++) {
            EventCursor c = open.get(i);
            if (c == null) {
                continue;
            }
            Event e = c.current();
            long s = c.sequence();
            if (best < 0 || before(e, s, be, bs)) {
                best = i;
                be = e;
                bs = s;
            }
        }
        return best;
    }

    /** Stream order: receipt time, |sequence|, a start snapshot (-s) just before the event s it precedes. */
    static boolean before(Event a, long sa, Event b, long sb) {
        if (a.receiptTs() != b.receiptTs()) {
            return a.receiptTs() < b.receiptTs();
        }
        long ua = Math.abs(sa), ub = Math.abs(sb);
        if (ua != ub) {
            return ua < ub;
        }
        return sa < sb;
    }

    private boolean isDuplicate(Event e) {
        if (!hasLast || e.receiptTs() != groupReceipt) {
            return false;
        }
        copyLast(); // a tie: the last event joins the group's copies before its cursor moves on
        for (int i = 0; i < groupSize; i++) {
            Event g = group.get(i);
            if (g.ts() == e.ts() && g.sameValues(e)) {
                return true;
            }
        }
        return false;
    }

    /** Moves past a row not delivered; the last delivered event is copied first if that cursor holds it. */
    private void skip(int cursor) {
        if (cursor == lastCursor) {
            copyLast();
        }
        advance(cursor);
    }

    private void copyLast() {
        if (!hasLast || lastCopied) {
            return;
        }
        if (groupSize == group.size()) {
            group.add(last.copy());
        } else {
            group.get(groupSize).copyFrom(last);
        }
        groupSize++;
        lastCopied = true;
    }

    private void remember(Event e) {
        if (!hasLast || e.receiptTs() != groupReceipt) {
            groupSize = 0;
        } else {
            copyLast();
        }
        groupReceipt = e.receiptTs();
        hasLast = true;
        last = e;
        lastCopied = false;
    }

    private void advance(int i) {
        EventCursor c = open.get(i);
        if (!c.next()) {
            c.close();
            open.set(i, null);
            live--;
        }
    }

    /** Opens the next run of overlapping blocks; false when none is left. */
    private boolean openCluster() {
        open.clear();
        live = 0;
        if (byReceipt == null) {
            orderByReceipt();
        }
        while (live == 0 && nextBlock < byReceipt.size()) {
            long end = byReceipt.get(nextBlock).last();
            int first = nextBlock++;
            while (nextBlock < byReceipt.size() && byReceipt.get(nextBlock).first() <= end) {
                end = Math.max(end, byReceipt.get(nextBlock).last());
                nextBlock++;
            }
            for (int i = first; i < nextBlock; i++) {
                Receipts r = byReceipt.get(i);
                EventCursor c = ParquetBlocks.read(r.file() != null ? r.file() : storage.fetch(r.block()), stream.schema(), from, to);
                if (c.next()) {
                    open.add(c);
                    live++;
                } else {
                    c.close();
                }
            }
        }
        return live > 0;
    }

    /** A block to read, with its receipt-time range. */
    private record Receipts(Path file, long first, long last, BlockMetadata block) {
    }

    private List<Receipts> byReceipt;

    /** The blocks by their first receipt time (their footers' statistics; a file without them counts as all time). */
    private void orderByReceipt() {
        byReceipt = new ArrayList<>(blocks.size());
        for (BlockMetadata b : blocks) {
            Path file;
            long[] r;
            try {
                file = storage.fetch(b);
                r = blocks.size() == 1 ? new long[] {0, 0} : ParquetBlocks.receiptRange(file);
            } catch (RuntimeException unreadable) {
                // a missing or corrupt block: placed by its listed time range, it fails (naming itself) when its
                // cluster is read, after every block before it was delivered
                byReceipt.add(new Receipts(null, b.startTs(), b.endTs(), b));
                continue;
            }
            byReceipt.add(r == null ? new Receipts(file, Long.MIN_VALUE, Long.MAX_VALUE, b) : new Receipts(file, r[0], r[1], b));
        }
        byReceipt.sort(java.util.Comparator.comparingLong(Receipts::first)); // stable: catalog order on ties
    }

    @Override
    public Event current() {
        return open.get(current).current();
    }

    @Override
    public long sequence() {
        return open.get(current).sequence();
    }

    /** Events skipped so far as equal to one already delivered. */
    public long duplicates() {
        return duplicates;
    }

    @Override
    public void close() {
        for (EventCursor c : open) {
            if (c != null) {
                c.close();
            }
        }
        open.clear();
        live = 0;
        byReceipt = List.of();
        nextBlock = 0;
        current = -1;
        advanceCurrent = false;
    }
}
