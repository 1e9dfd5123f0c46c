package io.featurizer.offline;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Quote;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.List;
import java.util.Optional;

/**
 * The stored-stream reader: one stream's events with {@code from <= ts <= to} as storage defines the stream
 * (the de-duplicated union of its blocks in stream order, {@link BlockMerge}), ready to replay from
 * {@code from}. Replay, the offline generator, chunk warm-up and seeds, the feature cache and batch compute
 * all read stored events through it, so they all see the same sequence whatever the block layout.
 *
 * <p><b>A book starting mid-history</b> first needs the book as it stood at {@code from}: the reader folds
 * the stored events before {@code from} into an {@link OrderBook} ({@link #bookBefore}) and delivers that book
 * as one snapshot timed like the first event in range (the convention of the recorder's block-start
 * snapshots), then the events in range. So every delivered event lies in [from, to] and the book is exactly
 * the stored book. Where nothing precedes {@code from} nothing is synthesized.
 *
 * <p>{@link #sequence()} is the stored sequence; a start snapshot's is that of the event it precedes (it is
 * delivered just before that event). {@link #current()} is a view valid until the next {@link #next()}.
 */
public final class StoredStream implements EventCursor {
    private final StreamId stream;
    private final BlockMerge events;
    private final boolean empty;
    private BookUpdate startSnapshot;
    private boolean snapshotNext; // the start snapshot is the next event delivered
    private boolean pendingNext; // the merge sits on the next event to deliver (a book's first in range)
    private boolean onSnapshot;

    private StoredStream(Storage storage, StreamId stream, long from, long to) {
        this.stream = stream;
        List<BlockMetadata> blocks = storage.blocks(stream, from, to);
        this.empty = blocks.isEmpty();
        if (!stream.isBook() || empty) {
            this.events = new BlockMerge(storage, stream, blocks, from, to, false);
            return;
        }
        // a book: one pass in stored order from the leading snapshot of the last block starting before from; the
        // events before the first one at or after from are folded, the rest delivered whatever their exchange time
        // (dropping an out-of-order message would corrupt the book)
        long start = lastStartBefore(storage, stream, from).orElse(from);
        this.events = new BlockMerge(storage, stream, storage.blocks(stream, start, to), Long.MIN_VALUE, to, true);
        OrderBook book = new OrderBook();
        int folded = fold(events, from, book);
        if (folded >= 0) {
            pendingNext = true;
            Event first = events.current();
            if (folded > 0 && book.isInitialized() && !isSnapshot(first)) {
                startSnapshot = new BookUpdate();
                writeSnapshot(book, startSnapshot);
                startSnapshot.setTimes(first.ts(), first.receiptTs());
                snapshotNext = true;
            }
        }
    }

    /** The stream's events over {@code [from, to]}, a book starting from the stored book at {@code from}. */
    public static StoredStream open(Storage storage, StreamId stream, long from, long to) {
        return new StoredStream(storage, stream, from, to);
    }

    public StreamId stream() {
        return stream;
    }

    /** True when storage holds no block of this stream overlapping the range. */
    public boolean isEmpty() {
        return empty;
    }

    @Override
    public boolean next() {
        if (snapshotNext) {
            snapshotNext = false;
            onSnapshot = true;
            return true;
        }
        if (onSnapshot) {
            onSnapshot = false;
            pendingNext = false; // the merge already sits on the event the snapshot precedes
            return true;
        }
        if (pendingNext) {
            pendingNext = false;
            return true;
        }
        return events.next();
    }

    @Override
    public Event current() {
        return onSnapshot ? startSnapshot : events.current();
    }

    @Override
    public long sequence() {
        return Math.abs(events.sequence());
    }

    @Override
    public void close() {
        events.close();
        onSnapshot = false;
        snapshotNext = false;
        pendingNext = false;
    }

    private static boolean isSnapshot(Event e) {
        return e.getLong(BookUpdate.IS_SNAPSHOT) != 0;
    }

    /**
     * Applies the merge's book events to {@code book}, in stored order, up to the first one with {@code ts >= t}, on
     * which it stops. Deltas before the first snapshot are ignored, as the graph ignores them. Returns how many events
     * were folded, or -1 when the merge ended before such an event.
     */
    private static int fold(BlockMerge merge, long t, OrderBook book) {
        BookUpdate scratch = new BookUpdate();
        int folded = 0;
        while (merge.next()) {
            Event e = merge.current();
            if (e.ts() >= t) {
                return folded;
            }
            BookUpdate u = e instanceof BookUpdate b ? b : copy(e, scratch);
            if (u.isSnapshot() || book.isInitialized()) {
                book.apply(u);
            }
            folded++;
        }
        return -1;
    }

    /** {@code {first, last}} stored event time over the sources' blocks; {@code first > last} when nothing is stored. */
    public static long[] span(Storage storage, List<io.featurizer.core.feature.Feature> sources) {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (io.featurizer.core.feature.Feature f : sources) {
            for (BlockMetadata b : storage.blocks(StreamId.of(f), Long.MIN_VALUE, Long.MAX_VALUE)) {
                lo = Math.min(lo, b.startTs());
                hi = Math.max(hi, b.endTs());
            }
        }
        return new long[] {lo, hi};
    }

    // ---- state before a time: what a replay starting there needs first ----

    /**
     * The stored book just before {@code t}: the stream's events in stored order from the leading snapshot of the last
     * block starting before {@code t} up to the first one at or after {@code t}, through the same merge. Empty when
     * nothing is stored before {@code t}.
     */
    public static Optional<OrderBook> bookBefore(Storage storage, StreamId stream, long t) {
        Optional<Long> start = lastStartBefore(storage, stream, t);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        OrderBook book = new OrderBook();
        try (BlockMerge c = new BlockMerge(storage, stream, storage.blocks(stream, start.get(), t), Long.MIN_VALUE, Long.MAX_VALUE, true)) {
            fold(c, t, book);
        }
        return Optional.of(book);
    }

    /**
     * The state a data source carries into a replay starting at {@code t}, as one event timed {@code t - 1}: for
     * an L2 book the stored book just before {@code t} as a snapshot, for a ticker (and a derivative ticker) the
     * last one before {@code t}. Other sources (trades, liquidations) carry none: empty, as when nothing is stored before {@code t}.
     *
     * <p>Why a chunk needs it: features that emit only on change (the book's top levels, mid price, spread)
     * remember their last value. A replay starting cold would emit its first value unconditionally where the
     * uninterrupted run emitted nothing, and the book a mid-history replay starts from is timed like the first
     * event in range, inside the windows of the rows kept. Fed first, the seed primes every such feature with the
     * value the uninterrupted run had, and its own outputs are timed before the replay; the start snapshot that
     * follows then changes nothing and emits nothing.
     */
    public static Optional<Event> stateBefore(Storage storage, StreamId stream, long t) {
        if (t == Long.MIN_VALUE) {
            return Optional.empty();
        }
        if (stream.isBook()) {
            Optional<OrderBook> book = bookBefore(storage, stream, t);
            if (book.isEmpty() || !book.get().isInitialized()) {
                return Optional.empty();
            }
            BookUpdate s = new BookUpdate();
            writeSnapshot(book.get(), s);
            s.setTimes(t - 1, t - 1);
            return Optional.of(s);
        }
        if (stream.schema().equals(Quote.SCHEMA) || stream.schema().equals(DerivativeTicker.SCHEMA)) {
            return lastBefore(storage, stream, t).map(e -> {
                e.setTimes(t - 1, t - 1);
                return e;
            });
        }
        return Optional.empty();
    }

    /** A copy of the stream's last event (in stream order) with {@code ts < t}, if any. */
    public static Optional<Event> lastBefore(Storage storage, StreamId stream, long t) {
        Optional<Long> start = lastStartBefore(storage, stream, t);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Event last = null;
        try (BlockMerge c = new BlockMerge(storage, stream, storage.blocks(stream, start.get(), t - 1), Long.MIN_VALUE, t - 1, false)) {
            while (c.next()) {
                if (last == null) {
                    last = c.current().copy();
                } else {
                    last.copyFrom(c.current());
                }
            }
        }
        return Optional.ofNullable(last);
    }

    /** The start of the last block of the stream that starts before {@code t}, if any. */
    private static Optional<Long> lastStartBefore(Storage storage, StreamId stream, long t) {
        if (t == Long.MIN_VALUE) {
            return Optional.empty();
        }
        Long last = null;
        for (BlockMetadata b : storage.blocks(stream, Long.MIN_VALUE, t - 1)) {
            last = last == null ? b.startTs() : Math.max(last, b.startTs());
        }
        return Optional.ofNullable(last);
    }

    private static BookUpdate copy(Event e, BookUpdate into) {
        into.copyFrom(e);
        return into;
    }

    /** The whole book as one snapshot message (times left to the caller). */
    private static void writeSnapshot(OrderBook book, BookUpdate s) {
        book.writeSnapshot(0, s.reset(0, 0, true));
    }
}
